/**
 * `wx.createAnimation`: a chainable description of CSS transforms and styles, grouped
 * into steps. `export()` yields plain data that a template binds to an element's
 * `animation` attribute; the view plays it with the Web Animations API.
 */

const TRANSFORMS = ['matrix', 'matrix3d', 'rotate', 'rotate3d', 'rotateX', 'rotateY', 'rotateZ', 'scale', 'scale3d', 'scaleX', 'scaleY', 'scaleZ', 'skew', 'skewX', 'skewY', 'translate', 'translate3d', 'translateX', 'translateY', 'translateZ'];
const STYLES = ['opacity', 'backgroundColor', 'width', 'height', 'left', 'right', 'top', 'bottom'];

export function createAnimation(options = {}) {
  const base = {
    duration: options.duration ?? 400,
    timingFunction: options.timingFunction || 'linear',
    delay: options.delay || 0,
    transformOrigin: options.transformOrigin || '50% 50% 0',
  };
  let current = [];
  let actions = [];
  const api = {
    step(stepOptions = {}) {
      const o = { ...base, ...stepOptions };
      actions.push({
        animates: current,
        option: { transition: { duration: o.duration, timingFunction: o.timingFunction, delay: o.delay }, transformOrigin: o.transformOrigin },
      });
      current = [];
      return api;
    },
    export() {
      if (current.length) api.step();
      const out = { actions };
      actions = [];
      return out;
    },
  };
  for (const name of TRANSFORMS) {
    api[name] = (...args) => {
      current.push({ type: name, args });
      return api;
    };
  }
  for (const name of STYLES) {
    api[name] = (value) => {
      current.push({ type: 'style', args: [name, typeof value === 'number' && name !== 'opacity' ? `${value}px` : value] });
      return api;
    };
  }
  return api;
}
