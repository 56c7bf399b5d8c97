const { totalBalance } = require('../../utils/accounts');

Page({
  data: {
    customer: '',
    total: 0,
    accounts: [],
  },
  onLoad() {
    const app = getApp();
    const accounts = app.globalData.accounts || [];
    this.setData({
      customer: app.globalData.customer,
      accounts,
      total: totalBalance(accounts),
    });
  },
  onOpen(event) {
    wx.navigateTo({ url: `/transfer/pages/transfer/transfer?from=${event.detail.id}` });
  },
});
