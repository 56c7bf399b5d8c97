const { loadAccounts } = require('./utils/accounts');

App({
  globalData: {
    customer: 'Ada Lovelace',
  },
  onLaunch() {
    this.globalData.accounts = loadAccounts();
  },
});
