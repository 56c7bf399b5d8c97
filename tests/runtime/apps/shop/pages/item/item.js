Page({
  data: { id: '', navError: '', depth: 0 },
  onLoad(query) {
    this.setData({ id: query.id, depth: getCurrentPages().length });
    wx.setNavigationBarTitle({ title: `Item ${query.id}` });
  },
  addToCart() {
    const cart = wx.getStorageSync('cart') || [];
    cart.push(Number(this.data.id));
    wx.setStorageSync('cart', cart);
    wx.setTabBarBadge({ index: 1, text: String(cart.length) });
    wx.showToast({ title: 'Added', icon: 'success' });
  },
  goCart() {
    wx.switchTab({ url: '/pages/cart/cart' });
  },
  next() {
    wx.redirectTo({ url: `/pages/item/item?id=${Number(this.data.id) + 1}` });
  },
  deeper() {
    wx.navigateTo({ url: `item?id=${Number(this.data.id) * 10}` });
  },
  back2() {
    wx.navigateBack({ delta: 2 });
  },
  relaunch() {
    wx.reLaunch({ url: '/pages/home/home' });
  },
  badNav() {
    wx.navigateTo({ url: '/pages/missing/missing', fail: (err) => this.setData({ navError: err.errMsg }) });
  },
});
