const { loadAccounts } = require('../../../utils/accounts');

Page({
  data: {
    from: '',
    accounts: [],
    amount: '',
    done: false,
  },
  onLoad(query) {
    this.setData({ from: query.from || '', accounts: loadAccounts() });
  },
  onSubmit() {
    if (!Number(this.data.amount)) {
      wx.showToast({ title: 'Enter an amount', icon: 'none' });
      return;
    }
    this.setData({ done: true });
  },
});
