// The few words built-in components show themselves (picker buttons, placeholders).
// WeChat's base library speaks Chinese, so zh-CN is the default; a `lang` attribute
// on any ancestor (or on <html>) starting with "en" switches to English, and the view
// layer can set the default for a whole mini-program with setDefaultLang(lang).

const TEXTS = {
  'zh-CN': {
    cancel: '取消',
    confirm: '确定',
    webViewUnsupported: '此宿主不支持 web-view 组件',
    regionUnsupported: '此宿主暂不支持省市区选择器',
    year: '年',
    month: '月',
    day: '日',
  },
  en: {
    cancel: 'Cancel',
    confirm: 'OK',
    webViewUnsupported: 'web-view is not supported in this host',
    regionUnsupported: 'The region picker is not supported in this host yet',
    year: '',
    month: '',
    day: '',
  },
};

let defaultLang = 'zh-CN';

/** Sets the language used where no ancestor has a `lang` attribute (the host's choice). */
export function setDefaultLang(lang) {
  defaultLang = normalizeLang(lang);
}

/** 'en' or 'zh-CN' for the language in effect at `node`. */
export function langAt(node) {
  for (let n = node; n; n = n.parentNode instanceof ShadowRoot ? n.parentNode.host : n.parentNode) {
    if (n.nodeType === 1 && n.hasAttribute('lang')) return normalizeLang(n.getAttribute('lang'));
  }
  return defaultLang;
}

export function normalizeLang(lang) {
  return String(lang || '').toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** The text `key` in `lang` ('en' or 'zh-CN'). */
export function text(lang, key) {
  return TEXTS[normalizeLang(lang)][key];
}
