Page({
  data: { name: '', code: '' },
  onPhone(e) {
    return e.detail.value.replace(/\D/g, '').slice(0, 11);
  },
  onName(e) {
    this.setData({ name: e.detail.value });
  },
  onCode(e) {
    return e.detail.value.toUpperCase();
  },
});
