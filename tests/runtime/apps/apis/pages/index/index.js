Page({
  data: { log: [], anim: null },

  say(line) {
    this.setData({ log: this.data.log.concat(line) });
  },

  request() {
    const origin = wx.getLaunchOptionsSync().query.origin;
    wx.request({
      url: `${origin}/api/state`,
      success: (res) => this.say(`request ${res.statusCode} ok=${res.data.ok} ${res.errMsg}`),
      fail: (err) => this.say(`request failed ${err.errMsg}`),
    });
  },

  abortRequest() {
    const origin = wx.getLaunchOptionsSync().query.origin;
    const task = wx.request({
      url: `${origin}/api/state`,
      success: () => this.say('aborted? no'),
      fail: (err) => this.say(`aborted ${err.errMsg}`),
    });
    task.abort();
  },

  async blocked() {
    try {
      await wx.request({ url: 'https://evil.example.com/collect' });
      this.say('blocked? no');
    } catch (err) {
      this.say(`blocked ${err.errMsg}`);
    }
  },

  async modal() {
    const res = await wx.showModal({ title: 'Delete?', content: 'This cannot be undone' });
    this.say(`modal confirm=${res.confirm} cancel=${res.cancel}`);
  },

  sheet() {
    wx.showActionSheet({
      itemList: ['Red', 'Green'],
      success: (res) => this.say(`sheet ${res.tapIndex}`),
      fail: (err) => this.say(`sheet ${err.errMsg}`),
    });
  },

  async misc() {
    const info = wx.getSystemInfoSync();
    this.say(`window ${info.windowWidth}x${info.windowHeight > 0 ? 'h' : '0'}`);
    const menu = wx.getMenuButtonBoundingClientRect();
    this.say(`menu ${menu.width}x${menu.height} right=${menu.right}`);
    this.say(`canIUse request=${wx.canIUse('request')} teleport=${wx.canIUse('teleport')} button=${wx.canIUse('button.open-type')}`);
    try {
      await wx.teleport({ to: 'mars' });
    } catch (err) {
      this.say(err.errMsg);
    }
    await wx.setClipboardData({ data: 'copied text' });
    const clip = await wx.getClipboardData();
    this.say(`clipboard ${clip.data}`);
    const net = await wx.getNetworkType();
    this.say(`network ${net.networkType ? 'known' : 'missing'}`);
    let ticked = false;
    wx.nextTick(() => { ticked = true; });
    await Promise.resolve();
    await Promise.resolve();
    this.say(`nextTick ${ticked}`);
    wx.setStorage({ key: 'k', data: { n: 1 } });
    const stored = await wx.getStorage({ key: 'k' });
    const info2 = wx.getStorageInfoSync();
    this.say(`storage ${stored.data.n} keys=${info2.keys.join(',')} limit=${info2.limitSize}`);
    try {
      await wx.getStorage({ key: 'missing' });
    } catch (err) {
      this.say(err.errMsg);
    }
  },

  async login() {
    try {
      const res = await wx.login();
      this.say(`login code ${res.code}`);
    } catch (err) {
      this.say(err.errMsg);
    }
    try {
      await wx.getUserProfile({ desc: 'show your name' });
    } catch (err) {
      this.say(err.errMsg);
    }
  },

  onShareAppMessage(res) {
    this.say(`share from ${res.from}`);
    return { title: 'Try these APIs', path: '/pages/index/index?from=share' };
  },

  animate() {
    const a = wx.createAnimation({ duration: 50 });
    a.translateX(40).opacity(0.5).step();
    this.setData({ anim: a.export() });
  },
});
