const CITIES = ['上海', '北京', '深圳', '杭州']

const BRANCHES = [
  { id: 'sh-lujiazui', city: '上海', name: '陆家嘴支行', address: '浦东新区世纪大道 100 号', hours: '09:00-17:00', atm: true },
  { id: 'sh-xujiahui', city: '上海', name: '徐家汇支行', address: '徐汇区漕溪北路 18 号', hours: '09:00-17:30', atm: true },
  { id: 'sh-jingan', city: '上海', name: '静安寺支行', address: '静安区南京西路 1699 号', hours: '09:30-16:30', atm: false },
  { id: 'bj-guomao', city: '北京', name: '国贸支行', address: '朝阳区建国门外大街 1 号', hours: '09:00-17:00', atm: true },
  { id: 'bj-zgc', city: '北京', name: '中关村支行', address: '海淀区中关村大街 27 号', hours: '09:00-17:00', atm: true },
  { id: 'sz-futian', city: '深圳', name: '福田支行', address: '福田区深南大道 4011 号', hours: '09:00-17:00', atm: true },
  { id: 'hz-xihu', city: '杭州', name: '西湖支行', address: '西湖区曙光路 122 号', hours: '09:00-16:30', atm: false }
]

function byCity(city) {
  return BRANCHES.filter((b) => b.city === city)
}

function byId(id) {
  return BRANCHES.find((b) => b.id === id) || null
}

module.exports = { CITIES, byCity, byId }
