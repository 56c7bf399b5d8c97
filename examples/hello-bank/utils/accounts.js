/** Demo data: a real app would fetch these with wx.request. */
const ACCOUNTS = [
  { id: 'chk-001', name: 'Everyday checking', balance: 2540.5, currency: 'EUR' },
  { id: 'sav-002', name: 'Rainy-day savings', balance: 12000, currency: 'EUR' },
  { id: 'crd-003', name: 'Travel card', balance: -182.3, currency: 'EUR' },
];

function loadAccounts() {
  return ACCOUNTS.map((account) => ({ ...account }));
}

function totalBalance(accounts) {
  return accounts.reduce((sum, account) => sum + account.balance, 0);
}

module.exports = { loadAccounts, totalBalance };
