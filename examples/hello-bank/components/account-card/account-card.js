Component({
  options: {
    multipleSlots: true,
  },
  properties: {
    account: { type: Object, value: {} },
  },
  methods: {
    onTap() {
      this.triggerEvent('open', { id: this.data.account.id });
    },
  },
});
