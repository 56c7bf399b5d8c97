const { loadAccounts } = require('./utils/data.js')

App({
  globalData: { accounts: [] },
  onLaunch() {
    this.globalData.accounts = loadAccounts()
  },
  onError(message) {
    console.error('[bank-account]', message)
  }
})
