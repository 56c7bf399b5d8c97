Component({
  properties: {
    item: { type: Object, value: {} },
  },
  data: { doneClass: '' },
  observers: {
    'item.done': function (done) {
      this.setData({ doneClass: done ? 'done' : '' });
    },
  },
  methods: {
    onToggle() {
      this.triggerEvent('toggle', { id: this.data.item.id });
    },
    onRemove() {
      this.triggerEvent('remove', { id: this.data.item.id });
    },
  },
});
