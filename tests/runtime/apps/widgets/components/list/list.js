Component({
  data: { count: 0 },
  relations: {
    '../list-item/list-item': {
      type: 'child',
      linked() {
        this.setData({ count: this.getRelationNodes('../list-item/list-item').length });
      },
      unlinked() {
        this.setData({ count: this.getRelationNodes('../list-item/list-item').length });
      },
    },
  },
});
