function makeProducts(from, count) {
  return Array.from({ length: count }, (_, i) => ({ id: from + i, name: `Product ${from + i}` }));
}

Page({
  data: { products: makeProducts(1, 20), refreshes: 0, scrollTop: 0, shows: 0, tapLog: '', heroHeight: '' },

  onShow() {
    this.setData({ shows: this.data.shows + 1 });
  },

  onPullDownRefresh() {
    this.setData({ refreshes: this.data.refreshes + 1, products: makeProducts(1, 20) });
    wx.stopPullDownRefresh();
  },

  onReachBottom() {
    const more = makeProducts(this.data.products.length + 1, 10);
    this.setData({ products: this.data.products.concat(more) });
  },

  onPageScroll({ scrollTop }) {
    this.setData({ scrollTop });
  },

  logTap(event) {
    const entry = `${event.currentTarget.dataset.name}<${event.target.id}`;
    this.setData({ tapLog: this.data.tapLog ? `${this.data.tapLog} ${entry}` : entry });
  },

  measure() {
    wx.createSelectorQuery().select('#hero').boundingClientRect((rect) => {
      this.setData({ heroHeight: `hero ${Math.round(rect.height)}px` });
    }).exec();
  },

  toTop() {
    wx.pageScrollTo({ scrollTop: 0, duration: 0 });
  },

  toProduct() {
    wx.pageScrollTo({ selector: '#p15', duration: 0 });
  },

  refresh() {
    wx.startPullDownRefresh();
  },

  open(event) {
    wx.navigateTo({ url: `../item/item?id=${event.currentTarget.dataset.id}` });
  },
});
