Component({
  options: { multipleSlots: true },
  properties: {
    label: { type: String, value: '' },
    error: { type: String, value: '' }
  }
})
