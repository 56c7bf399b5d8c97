const { validateOrder } = require('../../validate.js')

const app = getApp()

Page({
  data: {
    errors: {},
    speeds: ['标准（次日达）', '加急（当日达）'],
    speedIndex: 0,
    submitting: false,
    quote: null,
    serverError: ''
  },
  onSpeedChange(event) {
    this.setData({ speedIndex: Number(event.detail.value) })
  },
  onSubmit(event) {
    const form = event.detail.value
    const errors = validateOrder(form)
    this.setData({ errors, serverError: '' })
    if (Object.keys(errors).length) return
    this.setData({ submitting: true })
    wx.request({
      url: `${app.globalData.apiBase}/demo/api/courier/orders`,
      method: 'POST',
      data: {
        sender: form.sender,
        phone: form.phone,
        address: form.address,
        weight: Number(form.weight),
        express: this.data.speedIndex === 1
      },
      success: (res) => {
        if (res.statusCode !== 201) {
          this.setData({ serverError: (res.data && res.data.message) || `下单失败（${res.statusCode}）` })
          return
        }
        wx.redirectTo({ url: `/pages/done/done?order=${res.data.order}&price=${res.data.price_cents}` })
      },
      fail: (err) => {
        this.setData({ serverError: `网络错误：${err.errMsg}` })
      },
      complete: () => {
        this.setData({ submitting: false })
      }
    })
  }
})
