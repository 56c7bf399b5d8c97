Page({
  data: { from: '', count: 0, errors: '' },
  onLoad(query) {
    const todos = wx.getStorageSync('todos') || [];
    this.setData({ from: query.from || 'nowhere', count: todos.length });
    wx.setNavigationBarTitle({ title: `Stats (${todos.length})` });
  },
  clear() {
    wx.clearStorageSync();
    this.setData({ count: (wx.getStorageSync('todos') || []).length });
  },
  back() {
    wx.navigateBack();
  },
  boom() {
    setTimeout(() => this.setData({ errors: getApp().globalData.errors.join('; ') }), 50);
    null.explode();
  },
});
