const named = require('../../behaviors/named.js');

Component({
  behaviors: [named],
  data: { count: 0, shows: 0 },
  pageLifetimes: {
    show() {
      this.setData({ shows: this.data.shows + 1 });
    },
  },
  methods: {
    increment() {
      this.setData({ count: this.data.count + 1 });
    },
  },
});
