import { test } from 'node:test';
import assert from 'node:assert/strict';

import { absolutize, loadModuleGraph, relativeSpecifiers } from '../../../src/miniport/runtime/static/container/viewloader.js';

const BASE = 'http://host.test/runtime/render/index.js';

test('finds static imports, re-exports and import() with relative specifiers only', () => {
  const source = [
    "import { a } from './a.js';",
    "import * as b from '../common/b.js';",
    "import './side-effect.js';",
    "export { c } from './c.js';",
    "const later = import('../components/index.js');",
    "import x from 'https://elsewhere.test/x.js';",
    "const s = \"import('./not-code.js')\".length;",
  ].join('\n');
  assert.deepEqual(relativeSpecifiers(source), [
    './a.js', '../common/b.js', './side-effect.js', './c.js', '../components/index.js', './not-code.js',
  ]);
});

test('rewrites relative specifiers to absolute URLs and leaves the rest of the code alone', () => {
  const out = absolutize("import { a } from './a.js';\nconst n = 1 / 2; // './a.js'\nimport('../x/y.js');", BASE);
  assert.equal(out, "import { a } from 'http://host.test/runtime/render/a.js';\nconst n = 1 / 2; // './a.js'\nimport('http://host.test/runtime/x/y.js');");
});

test('collects the whole module graph once, following cycles', async () => {
  const files = {
    'http://host.test/runtime/render/index.js': "import { d } from './diff.js'; import('../components/index.js');",
    'http://host.test/runtime/render/diff.js': "import { i } from './index.js'; export const d = 1;",
    'http://host.test/runtime/components/index.js': "export {};",
  };
  const fetched = [];
  const fetchText = async (url) => {
    fetched.push(url);
    if (!(url in files)) throw new Error(`404 ${url}`);
    return files[url];
  };
  const graph = await loadModuleGraph(BASE, fetchText);
  assert.deepEqual(Object.keys(graph).sort(), Object.keys(files).sort());
  assert.match(graph[BASE], /from 'http:\/\/host\.test\/runtime\/render\/diff\.js'/);
  assert.equal(fetched.length, 3);
  await loadModuleGraph(BASE, fetchText);
  assert.equal(fetched.length, 3, 'a second launch reuses the graph');
});
