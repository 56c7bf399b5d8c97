// The courier partner's API. Its domain is on the mini-program's allowed request
// domains in the center; a host may route it through its own gateway (the demo host
// does), but the mini-program never needs to know.
App({
  globalData: { apiBase: 'https://api.speedy-courier.example' },
  onLaunch(options) {
    const query = (options && options.query) || {}
    if (query.api) this.globalData.apiBase = decodeURIComponent(query.api)
  }
})
