'use strict';
/**
 * Checks a packaged .vsix (a zip) holds what the extension needs at run time: its manifest, the
 * code, the grammar, the language configuration, the client library and the language server jar.
 * Reads the zip's central directory itself (no dependency). Usage: node scripts/verify-vsix.js FILE
 * (or every target/*.vsix when no file is given). Exits 1 with one line per missing entry.
 */
const fs = require('fs');
const path = require('path');

const REQUIRED = [
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/extension.js',
  'extension/server-command.js',
  'extension/language-configuration.json',
  'extension/syntaxes/vmodel.tmLanguage.json',
  'extension/node_modules/vscode-languageclient/node.js',
  'extension/server/vmodel-language-server.jar',
];
/** Development files that must stay out of the package. */
const FORBIDDEN = [/^extension\/test\//, /^extension\/target\//, /^extension\/pom\.xml$/, /^extension\/node_modules\/@vscode\/vsce\//];

/** The names of the entries of a zip file, from its end-of-central-directory record. */
function zipEntryNames(buffer) {
  const EOCD = 0x06054b50;
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === EOCD) { end = i; break; }
  }
  if (end < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error(`corrupt central directory at entry ${n}`);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    names.push(buffer.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The problems of one vsix, as one-line messages; empty when it is complete. */
function problemsOf(file) {
  const names = new Set(zipEntryNames(fs.readFileSync(file)));
  const problems = REQUIRED.filter((entry) => !names.has(entry)).map((entry) => `${file}: missing ${entry}`);
  for (const name of names) {
    if (FORBIDDEN.some((pattern) => pattern.test(name))) problems.push(`${file}: must not contain ${name}`);
  }
  return problems;
}

function main(args) {
  let files = args;
  if (files.length === 0) {
    const dir = path.join(__dirname, '..', 'target');
    files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.vsix')).map((f) => path.join(dir, f)) : [];
  }
  if (files.length === 0) {
    console.error('verify-vsix: no .vsix to check (run npm run package first)');
    return 1;
  }
  let failed = false;
  for (const file of files) {
    let problems;
    try {
      problems = problemsOf(file);
    } catch (e) {
      problems = [`${file}: ${e.message}`];
    }
    problems.forEach((p) => console.error(p));
    if (problems.length === 0) console.log(`${file}: complete (${REQUIRED.length} required entries present)`);
    failed = failed || problems.length > 0;
  }
  return failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { zipEntryNames, problemsOf };
