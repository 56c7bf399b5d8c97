// Another mini-program in the same host: it keeps a secret the sandbox app must not read.
Page({
  data: { status: '' },
  onLoad() {
    wx.setStorageSync('vault-secret', 'the vault secret');
    this.setData({ status: `stored: ${wx.getStorageSync('vault-secret')}` });
  },
});
