// <progress percent show-info stroke-width active …>: role=progressbar. With
// `active`, the bar animates from 0 (or, in forwards mode, from the last percent)
// at `duration` ms per percent and fires activeend when it gets there.

import { MpElement, Types, define, shadow } from './element.js';

const CSS = `
:host { display: flex; align-items: center; }
.bar { flex: 1; overflow: hidden; }
.fill { height: 100%; width: 0; }
.info { margin-left: 15px; min-width: 2em; display: none; }
:host([data-show-info]) .info { display: block; }
`;

export class WxProgress extends MpElement {
  static props = {
    percent: { type: Types.Number, value: 0 },
    showInfo: { type: Types.Boolean, value: false },
    borderRadius: { type: Types.Any, value: 0 },
    fontSize: { type: Types.Any, value: 16 },
    strokeWidth: { type: Types.Any, value: 6 },
    color: { type: Types.String, value: '' },
    activeColor: { type: Types.String, value: '#09BB07' },
    backgroundColor: { type: Types.String, value: '#EBEBEB' },
    active: { type: Types.Boolean, value: false },
    activeMode: { type: Types.String, value: 'backwards' },
    duration: { type: Types.Number, value: 30 },
  };

  firstConnected() {
    const root = shadow(this, CSS, '<div class="bar" part="bar"><div class="fill" part="fill"></div></div><span class="info" part="info"></span>');
    this._bar = root.querySelector('.bar');
    this._fill = root.querySelector('.fill');
    this._info = root.querySelector('.info');
    this._shown = 0;
    this._animation = null;
    this.setAttribute('role', 'progressbar');
    this.setAttribute('aria-valuemin', '0');
    this.setAttribute('aria-valuemax', '100');
  }

  render() {
    const target = Math.min(Math.max(this.percent, 0), 100);
    this._bar.style.height = px(this.strokeWidth);
    this._bar.style.background = this.backgroundColor;
    this._bar.style.borderRadius = px(this.borderRadius);
    this._fill.style.background = this.color || this.activeColor;
    this._fill.style.borderRadius = px(this.borderRadius);
    this._info.style.fontSize = px(this.fontSize);
    this.toggleAttribute('data-show-info', this.showInfo);
    this.setAttribute('aria-valuenow', String(target));
    if (target === this._target) return;
    this._target = target;
    if (this.active) this.animateTo(target);
    else this.show(target);
  }

  show(percent) {
    this._shown = percent;
    this._fill.style.width = percent + '%';
    this._info.textContent = Math.round(percent) + '%';
  }

  animateTo(target) {
    if (this._animation) cancelAnimationFrame(this._animation);
    const from = this.activeMode === 'forwards' ? this._shown : 0;
    const perPercent = Math.max(this.duration, 0);
    const total = Math.abs(target - from) * perPercent;
    const start = performance.now();
    const step = (now) => {
      const t = total ? Math.min((now - start) / total, 1) : 1;
      this.show(from + (target - from) * t);
      if (t < 1) this._animation = requestAnimationFrame(step);
      else {
        this._animation = null;
        this.emit('activeend', { curPercent: target });
      }
    };
    this._animation = requestAnimationFrame(step);
  }
}

function px(v) {
  return typeof v === 'number' || /^\d+(\.\d+)?$/.test(String(v)) ? `${v}px` : String(v);
}

define('wx-progress', WxProgress);
