// A page written with Component(): page hooks live in methods.
Component({
  data: { items: ['a', 'b'], described: '', pings: '', qty: 1 },
  methods: {
    onLoad() {
      this.setData({ described: 'loaded' });
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
