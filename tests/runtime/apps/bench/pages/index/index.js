// The runtime benchmark's page: a 1,000-row keyed list, and a one-row update.
function makeRows(count) {
  return Array.from({ length: count }, (_, i) => ({ id: i, label: `row ${i}` }));
}

Page({
  data: { rows: [], updates: 0, sentAt: 0 },

  renderRows() {
    this.setData({ rows: makeRows(1000) });
  },

  updateRow() {
    const updates = this.data.updates + 1;
    // When setData was called, on the clock every context shares (for the benchmark).
    const sentAt = performance.timeOrigin + performance.now();
    this.setData({ updates, sentAt, 'rows[500].label': `updated ${updates}` });
  },

  clearRows() {
    this.setData({ rows: [] });
  },
});
