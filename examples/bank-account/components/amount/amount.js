Component({
  options: { multipleSlots: true },
  properties: {
    value: { type: Number, value: 0 },
    currency: { type: String, value: 'CNY' },
    masked: { type: Boolean, value: false }
  },
  data: { symbol: '¥' },
  observers: {
    currency(code) {
      this.setData({ symbol: code === 'USD' ? '$' : '¥' })
    }
  }
})
