Component({
  properties: {
    branch: { type: Object, value: {} },
    favourite: { type: Boolean, value: false }
  },
  methods: {
    onStar() {
      this.triggerEvent('star', { id: this.data.branch.id, favourite: !this.data.favourite })
    },
    onOpen() {
      this.triggerEvent('open', { id: this.data.branch.id }, { bubbles: true })
    }
  }
})
