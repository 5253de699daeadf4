'use strict';
// The vsix check must reject what is not a complete package (the real package is checked by
// `npm run verify-vsix` after `npm run package`).
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { problemsOf } = require('../scripts/verify-vsix');

test('a file that is not a zip is refused', () => {
  assert.throws(() => problemsOf(path.join(__dirname, '..', 'package.json')), /not a zip file/);
});

test('an empty zip misses every required entry', () => {
  // The 22-byte end-of-central-directory record of a zip with no entries.
  const empty = Buffer.alloc(22);
  empty.writeUInt32LE(0x06054b50, 0);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-')), 'empty.vsix');
  fs.writeFileSync(file, empty);
  const problems = problemsOf(file);
  assert.ok(problems.some((p) => p.endsWith('missing extension/server/vmodel-language-server.jar')), problems.join('\n'));
  assert.ok(problems.some((p) => p.endsWith('missing extension/syntaxes/vmodel.tmLanguage.json')), problems.join('\n'));
});
