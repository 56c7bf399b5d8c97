const { CITIES, byCity } = require('../../utils/branches.js')

const FAVOURITES_KEY = 'favourites'

Page({
  data: {
    cities: CITIES,
    cityIndex: 0,
    branches: [],
    favourites: {},
    onlyFavourites: false
  },
  onLoad() {
    const favourites = wx.getStorageSync(FAVOURITES_KEY) || {}
    this.setData({ favourites })
    this.show(0)
  },
  show(cityIndex) {
    const all = byCity(CITIES[cityIndex])
    const branches = this.data.onlyFavourites ? all.filter((b) => this.data.favourites[b.id]) : all
    this.setData({ cityIndex, branches })
  },
  onCityChange(event) {
    this.show(Number(event.detail.value))
  },
  onToggleFavouritesOnly(event) {
    this.setData({ onlyFavourites: event.detail.value })
    this.show(this.data.cityIndex)
  },
  onStar(event) {
    const { id, favourite } = event.detail
    const favourites = Object.assign({}, this.data.favourites)
    if (favourite) favourites[id] = true
    else delete favourites[id]
    wx.setStorageSync(FAVOURITES_KEY, favourites)
    this.setData({ favourites })
    wx.showToast({ title: favourite ? '已收藏' : '已取消', icon: 'none' })
  },
  onOpen(event) {
    wx.navigateTo({ url: `/pages/detail/detail?id=${event.detail.id}` })
  }
})
