// A component's handler may return {value, cursor} as well as a plain string.
Component({
  methods: {
    onInput(e) {
      return { value: e.detail.value.toUpperCase(), cursor: e.detail.cursor };
    },
  },
});
