Component({
  properties: { value: { type: Number, value: 0 } },
  data: { changes: 0 },
  observers: {
    '**': function () {
      // fires for every setData; count the property changes only
    },
    value: function () {
      this.setData({ changes: this.data.changes + 1 });
    },
  },
  methods: {
    plus() {
      this.setData({ value: this.data.value + 1 });
    },
  },
});
