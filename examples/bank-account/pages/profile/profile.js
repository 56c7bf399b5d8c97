Page({
  data: { nickname: '', notify: true, saved: false, level: '' },
  onLoad() {
    const saved = wx.getStorageSync('profile') || {}
    this.setData({ nickname: saved.nickname || '', notify: saved.notify !== false })
    // A host-provided API: the bank app knows the member level, the mini-program asks it.
    if (wx.invokeHostApi) {
      wx.invokeHostApi({ name: 'getMemberLevel' })
        .then((res) => this.setData({ level: res.level }))
        .catch(() => this.setData({ level: '' }))
    }
  },
  onSubmit(event) {
    const { nickname, notify } = event.detail.value
    wx.setStorageSync('profile', { nickname, notify })
    this.setData({ nickname, notify, saved: true })
    wx.showToast({ title: '已保存', icon: 'success' })
  }
})
