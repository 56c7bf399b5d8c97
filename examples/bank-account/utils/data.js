// Demo data: a real app would call its bank's API through wx.request.
const ACCOUNTS = [
  { id: 'c-001', name: '借记卡', number: '6222 **** **** 0417', balance: 18233.5, currency: 'CNY', type: 'debit' },
  { id: 's-002', name: '定期存款', number: '3年期 · 2.15%', balance: 50000, currency: 'CNY', type: 'deposit' },
  { id: 'x-003', name: '信用卡', number: '4392 **** **** 8830', balance: -2316.8, currency: 'CNY', type: 'credit' }
]

const MERCHANTS = ['美团外卖', '滴滴出行', '工资', '超市', '话费充值', '咖啡', '地铁', '转账']

function loadAccounts() {
  return ACCOUNTS.map((a) => Object.assign({}, a))
}

// Deterministic pseudo-random transactions so refreshes show stable, plausible data.
function transactionsFor(accountId, page, pageSize) {
  let seed = 0
  for (const ch of accountId) seed = (seed * 31 + ch.charCodeAt(0)) % 9973
  const items = []
  for (let i = page * pageSize; i < (page + 1) * pageSize; i++) {
    const r = (seed * (i + 7) * 7919) % 10007
    const income = r % 5 === 0
    const amount = Math.round((r % 3000) + 12) / (income ? 0.25 : 1)
    items.push({
      id: `${accountId}-${i}`,
      title: income ? '工资' : MERCHANTS[r % MERCHANTS.length],
      day: `11-${String(28 - (i % 27)).padStart(2, '0')}`,
      amount: income ? amount : -amount,
      kind: income ? 'in' : 'out'
    })
  }
  return items
}

module.exports = { loadAccounts, transactionsFor }
