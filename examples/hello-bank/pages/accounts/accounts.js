Page({
  data: {
    accounts: [],
  },
  onShow() {
    this.setData({ accounts: getApp().globalData.accounts || [] });
  },
  onPullDownRefresh() {
    this.onShow();
    wx.stopPullDownRefresh();
  },
});
