const { transactionsFor } = require('../../utils/data.js')

const PAGE_SIZE = 15
const FILTERS = ['all', 'in', 'out']

Page({
  data: {
    name: '',
    tab: 'all',
    tabs: [
      { key: 'all', label: '全部' },
      { key: 'in', label: '收入' },
      { key: 'out', label: '支出' }
    ],
    items: [],
    visible: [],
    page: 0,
    loadingMore: false
  },
  onLoad(query) {
    this.accountId = query.id || 'c-001'
    const name = decodeURIComponent(query.name || '')
    this.setData({ name })
    if (name) wx.setNavigationBarTitle({ title: name })
    this.loadPage(0)
  },
  loadPage(page) {
    const fresh = transactionsFor(this.accountId, page, PAGE_SIZE)
    const items = page === 0 ? fresh : this.data.items.concat(fresh)
    this.setData({ items, page, visible: this.filter(items, this.data.tab) })
  },
  filter(items, tab) {
    return tab === 'all' ? items : items.filter((t) => t.kind === tab)
  },
  switchTab(event) {
    const tab = event.currentTarget.dataset.tab
    if (FILTERS.indexOf(tab) < 0) return
    this.setData({ tab, visible: this.filter(this.data.items, tab) })
  },
  onPullDownRefresh() {
    this.loadPage(0)
    wx.stopPullDownRefresh()
  },
  onReachBottom() {
    if (this.data.page >= 5) return
    this.loadPage(this.data.page + 1)
  }
})
