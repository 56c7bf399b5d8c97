Component({
  methods: {
    composed() {
      this.triggerEvent('ping', { kind: 'bubbling' }, { bubbles: true });
    },
    local() {
      this.triggerEvent('ping', { kind: 'direct' });
    },
  },
});
