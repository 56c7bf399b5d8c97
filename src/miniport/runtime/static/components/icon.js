// <icon type size color>: WeChat's icon set, drawn as inline SVG on a 24-unit grid.

import { MpElement, Types, define } from './element.js';
import { langAt } from './i18n.js';

const COLORS = {
  success: '#09BB07', success_no_circle: '#09BB07', info: '#10AEFF', warn: '#F76260',
  waiting: '#10AEFF', cancel: '#F43530', download: '#09BB07', search: '#B2B2B2', clear: '#B2B2B2',
  circle: '#C9C9C9', info_circle: '#09BB07',
};

const LABELS = {
  en: { success: 'success', success_no_circle: 'success', info: 'information', warn: 'warning', waiting: 'waiting',
    cancel: 'cancel', download: 'download', search: 'search', clear: 'clear', circle: 'circle', info_circle: 'information' },
  'zh-CN': { success: '成功', success_no_circle: '成功', info: '提示', warn: '警告', waiting: '等待', cancel: '取消',
    download: '下载', search: '搜索', clear: '清除', circle: '圆圈', info_circle: '提示' },
};

const W = 'stroke="#fff" stroke-linecap="round" stroke-linejoin="round" fill="none"';

/** SVG body for each type; `c` is the icon colour. */
const SHAPES = {
  success: (c) => `<circle cx="12" cy="12" r="11" fill="${c}"/><path d="M6.5 12.5l3.8 3.8 7.4-8.1" ${W} stroke-width="2"/>`,
  success_no_circle: (c) => `<path d="M3.5 12.5l5.5 5.5 11.5-12" fill="none" stroke="${c}" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>`,
  info: (c) => `<circle cx="12" cy="12" r="11" fill="${c}"/><circle cx="12" cy="7" r="1.4" fill="#fff"/><path d="M12 10.5v7" ${W} stroke-width="2.2"/>`,
  warn: (c) => `<circle cx="12" cy="12" r="11" fill="${c}"/><path d="M12 6v7.5" ${W} stroke-width="2.2"/><circle cx="12" cy="17.2" r="1.4" fill="#fff"/>`,
  waiting: (c) => `<circle cx="12" cy="12" r="11" fill="${c}"/><path d="M12 6v6.5l4 2.5" ${W} stroke-width="2"/>`,
  cancel: (c) => `<circle cx="12" cy="12" r="11" fill="${c}"/><path d="M8 8l8 8M16 8l-8 8" ${W} stroke-width="2"/>`,
  download: (c) => `<circle cx="12" cy="12" r="11" fill="${c}"/><path d="M12 6v10M7.8 12l4.2 4.2 4.2-4.2" ${W} stroke-width="2"/>`,
  search: (c) => `<circle cx="10.5" cy="10.5" r="7" fill="none" stroke="${c}" stroke-width="2"/><path d="M15.7 15.7l5.8 5.8" stroke="${c}" stroke-width="2.2" stroke-linecap="round"/>`,
  clear: (c) => `<circle cx="12" cy="12" r="11" fill="${c}"/><path d="M8.5 8.5l7 7M15.5 8.5l-7 7" ${W} stroke-width="1.8"/>`,
  circle: (c) => `<circle cx="12" cy="12" r="10.5" fill="none" stroke="${c}" stroke-width="1.2"/>`,
  info_circle: (c) => `<circle cx="12" cy="12" r="10.5" fill="none" stroke="${c}" stroke-width="1.2"/><circle cx="12" cy="7.5" r="1.2" fill="${c}"/><path d="M12 10.5v7" stroke="${c}" stroke-width="1.8" stroke-linecap="round"/>`,
};

export class WxIcon extends MpElement {
  static props = {
    type: { type: Types.String, value: '' },
    size: { type: Types.Any, value: 23 },
    color: { type: Types.String, value: '' },
  };

  firstConnected() {
    this._root = this.attachShadow({ mode: 'open' });
  }

  render() {
    const shape = SHAPES[this.type];
    const size = iconSize(this.size);
    if (!shape) {
      // An unknown type draws nothing, as in WeChat, but says why to developers.
      this._root.innerHTML = '';
      if (this.type) console.warn(`<icon type="${this.type}">: unknown icon type; use one of ${Object.keys(SHAPES).join(', ')}`);
      return;
    }
    const color = this.color || COLORS[this.type];
    this.setAttribute('role', 'img');
    this.setAttribute('aria-label', LABELS[langAt(this)][this.type]);
    this._root.innerHTML =
      `<style>:host{display:inline-block;line-height:0;vertical-align:middle}svg{display:block}</style>` +
      `<svg part="svg" viewBox="0 0 24 24" style="width:${size};height:${size}" aria-hidden="true">${shape(escapeAttr(color))}</svg>`;
  }
}

/** WeChat's size is px when a number; a string may carry its own unit. */
function iconSize(size) {
  if (typeof size === 'number') return `${size}px`;
  const s = String(size).trim();
  if (/^\d+(\.\d+)?$/.test(s)) return `${s}px`;
  if (/^\d+(\.\d+)?rpx$/.test(s)) return `calc(${parseFloat(s)} * var(--mp-rpx, 0.5px))`;
  return /^\d+(\.\d+)?(px|em|rem|vw|vh|%)$/.test(s) ? s : '23px';
}

function escapeAttr(s) {
  return String(s).replace(/[^#(),.%\w\s-]/g, '');
}

define('wx-icon', WxIcon);
