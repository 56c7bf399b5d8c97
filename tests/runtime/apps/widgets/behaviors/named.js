module.exports = Behavior({
  properties: { label: { type: String, value: 'unnamed' } },
  data: { fromBehavior: true },
  methods: {
    describe() {
      return `${this.data.label}:${this.data.count}`;
    },
  },
});
