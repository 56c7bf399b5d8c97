Component({
  options: { multipleSlots: true },
  properties: {
    total: { type: Number, value: 0 },
    done: { type: Number, value: 0 },
  },
  data: { left: 0, lifecycle: '' },
  observers: {
    'total, done': function (total, done) {
      this.setData({ left: total - done });
    },
  },
  lifetimes: {
    created() {
      this.order = ['created'];
    },
    attached() {
      this.order.push('attached');
    },
    ready() {
      this.order.push('ready');
      this.setData({ lifecycle: this.order.join('>') });
    },
  },
});
