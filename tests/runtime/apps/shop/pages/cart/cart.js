Page({
  data: { count: 0, items: [] },
  onShow() {
    const items = wx.getStorageSync('cart') || [];
    this.setData({ count: items.length, items });
  },
});
