App({
  globalData: { launches: 0, errors: [] },
  onLaunch() {
    this.globalData.launches = (wx.getStorageSync('launches') || 0) + 1;
    wx.setStorageSync('launches', this.globalData.launches);
  },
  onError(message) {
    this.globalData.errors.push(message.split('\n')[0]);
  },
});
