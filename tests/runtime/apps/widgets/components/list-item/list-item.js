Component({
  properties: { name: String },
  data: { parentLinked: false },
  relations: {
    '../list/list': {
      type: 'parent',
      linked() {
        this.setData({ parentLinked: true });
      },
    },
  },
});
