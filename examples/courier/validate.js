// Validation rules shared by the order page; messages are shown under each field.
const PHONE = /^1[3-9]\d{9}$/

function validateOrder(form) {
  const errors = {}
  if (!form.sender || form.sender.trim().length < 2) errors.sender = '请填写寄件人姓名（至少 2 个字）'
  if (!PHONE.test(form.phone || '')) errors.phone = '请填写 11 位手机号'
  if (!form.address || form.address.trim().length < 6) errors.address = '请填写详细地址（至少 6 个字）'
  const weight = Number(form.weight)
  if (!(weight > 0 && weight <= 30)) errors.weight = '重量需在 0-30 公斤之间'
  return errors
}

module.exports = { validateOrder }
