const { byId } = require('../../utils/branches.js')

Page({
  data: { branch: null },
  onLoad(query) {
    const branch = byId(query.id)
    if (!branch) {
      wx.showModal({ title: '未找到网点', content: query.id || '', showCancel: false })
      return
    }
    this.setData({ branch })
    wx.setNavigationBarTitle({ title: branch.name })
  },
  copyAddress() {
    wx.setClipboardData({ data: this.data.branch.address })
  }
})
