// A page written with Component(): page hooks live in methods.
Component({
  data: { items: ['a', 'b'], described: '', pings: '', qty: 1, greeting: '', farSeen: false, order: '' },
  methods: {
    onLoad() {
      getApp().globalData.order.push('page onLoad');
      this.setData({ described: 'loaded' });
    },
    onShow() {
      getApp().globalData.order.push('page onShow');
    },
    onReady() {
      getApp().globalData.order.push('page onReady');
      this.setData({ order: getApp().globalData.order.join(', ') });
      this.observer = this.createIntersectionObserver();
      this.observer.relativeToViewport().observe('#far', (res) => {
        this.setData({ farSeen: res.intersectionRatio > 0 });
      });
    },
    openWithChannel() {
      wx.navigateTo({
        url: '/pages/other/other?channel=1',
        events: { greet: (data) => this.setData({ greeting: `other says ${data.text}` }) },
        success: (res) => res.eventChannel.emit('welcome', { text: 'hi from index' }),
      });
    },
    addItem() {
      this.setData({ items: this.data.items.concat(String.fromCharCode(97 + this.data.items.length)) });
    },
    bump() {
      const counter = this.selectComponent('#counter');
      counter.increment();
      this.setData({ described: counter.describe() });
    },
    onPing(event) {
      this.setData({ pings: `${this.data.pings}${event.detail.kind};` });
    },
  },
});
