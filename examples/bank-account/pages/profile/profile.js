Page({
  data: { nickname: '', notify: true, saved: false },
  onLoad() {
    const saved = wx.getStorageSync('profile') || {}
    this.setData({ nickname: saved.nickname || '', notify: saved.notify !== false })
  },
  onSubmit(event) {
    const { nickname, notify } = event.detail.value
    wx.setStorageSync('profile', { nickname, notify })
    this.setData({ nickname, notify, saved: true })
    wx.showToast({ title: '已保存', icon: 'success' })
  }
})
