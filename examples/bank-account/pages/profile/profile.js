Page({
  data: { nickname: '', notify: true, saved: false, level: '', authError: '' },
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
  // The host asks the user before handing over their profile; a refusal is remembered.
  useProfileName() {
    wx.getUserProfile({ desc: '用于填写昵称' })
      .then((res) => this.setData({ nickname: res.userInfo.nickName, authError: '' }))
      .catch((err) => this.setData({ authError: err.errMsg }))
  },
  onSubmit(event) {
    const { nickname, notify } = event.detail.value
    wx.setStorageSync('profile', { nickname, notify })
    this.setData({ nickname, notify, saved: true })
    wx.showToast({ title: '已保存', icon: 'success' })
  }
})
