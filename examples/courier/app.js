// The courier partner's API base. The demo host passes its own origin in the launch
// query (`api=`); the mini-program's allowed request domains must include it.
App({
  globalData: { apiBase: 'http://127.0.0.1:8000' },
  onLaunch(options) {
    const query = (options && options.query) || {}
    if (query.api) this.globalData.apiBase = decodeURIComponent(query.api)
  }
})
