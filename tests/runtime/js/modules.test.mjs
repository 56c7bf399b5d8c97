// The logic layer's module registry: define() as the compiler emits it, require()
// resolution, and mapping an error's stack back to FILE:LINE of the mini-program source.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { evaluateBundle, load, resolve, sourceLocation } from '../../../src/miniport/runtime/static/service/modules.js';

const BUNDLE = [
  'define("app.js", function (require, module, exports) {const u = require("./utils/util");',
  'module.exports = { twice: u.twice(2), npm: require("lodash-lite").name };',
  '});',
  'define("utils/util.js", function (require, module, exports) {exports.twice = (n) => n * 2;',
  'exports.boom = () => {',
  '  null.explode();',
  '};',
  '});',
  'define("miniprogram_npm/lodash-lite/index.js", function (require, module, exports) {exports.name = "lodash-lite";',
  '});',
  'define("pages/a/a.js", function (require, module, exports) {module.exports = require("/utils/util.js");',
  '});',
].join('\n');

evaluateBundle(BUNDLE, 'test-logic.js');

test('require resolves relative, root-absolute and miniprogram_npm paths', () => {
  assert.equal(resolve('pages/a/a.js', '../../utils/util'), 'utils/util.js');
  assert.equal(resolve('pages/a/a.js', '/utils/util.js'), 'utils/util.js');
  assert.equal(resolve('pages/a/a.js', 'lodash-lite'), 'miniprogram_npm/lodash-lite/index.js');
  assert.equal(resolve('pages/a/a.js', './missing'), null);
  assert.deepEqual(load('app.js'), { twice: 4, npm: 'lodash-lite' });
  assert.equal(load('pages/a/a.js').twice(5), 10);
});

test('a missing module names what was required and from where', () => {
  evaluateBundle('define("pages/b/b.js", function (require) { require("./nope"); });', 'b.js');
  assert.throws(() => load('pages/b/b.js'), /module "\.\/nope" is not defined \(required from pages\/b\/b\.js\)/);
});

test('an exception is mapped to the line of the module source', () => {
  let stack = '';
  try {
    load('utils/util.js').boom();
  } catch (err) {
    stack = err.stack;
  }
  assert.deepEqual(sourceLocation(stack), { file: 'utils/util.js', line: 3, col: 8 });
});
