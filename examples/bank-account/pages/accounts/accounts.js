const app = getApp()

Page({
  data: {
    accounts: [],
    total: 0,
    hideBalance: false,
    refreshedAt: ''
  },
  onLoad() {
    this.refresh()
  },
  onPullDownRefresh() {
    this.refresh()
    wx.stopPullDownRefresh()
    wx.showToast({ title: '已刷新', icon: 'success' })
  },
  refresh() {
    const accounts = app.globalData.accounts
    const total = accounts.reduce((sum, a) => sum + a.balance, 0)
    const now = new Date()
    this.setData({
      accounts,
      total,
      refreshedAt: `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`
    })
  },
  toggleBalance() {
    this.setData({ hideBalance: !this.data.hideBalance })
  },
  openAccount(event) {
    const { id, name } = event.currentTarget.dataset
    wx.navigateTo({ url: `/pages/transactions/transactions?id=${id}&name=${encodeURIComponent(name)}` })
  }
})
