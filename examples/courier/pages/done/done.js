Page({
  data: { order: '', price: 0 },
  onLoad(query) {
    this.setData({ order: query.order || '', price: Number(query.price || 0) })
  },
  again() {
    wx.redirectTo({ url: '/pages/order/order' })
  }
})
