'use strict';
// The extension's launch logic without VS Code: which java, which jar, which arguments.
const test = require('node:test');
const assert = require('node:assert');
const path = require('path');
const { serverCommand } = require('../server-command');

const EXT = path.resolve('/ext/vmodel');
const everything = () => true;

test('defaults: java on the PATH, the jar bundled in the extension', () => {
  const launch = serverCommand({}, EXT, { env: {}, platform: 'linux', exists: everything });
  assert.deepStrictEqual(launch, {
    command: 'java',
    args: ['-jar', path.join(EXT, 'server', 'vmodel-language-server.jar')],
  });
});

test('JAVA_HOME is used when no java is configured', () => {
  const launch = serverCommand({ java: '' }, EXT, { env: { JAVA_HOME: '/opt/jdk17' }, platform: 'linux', exists: everything });
  assert.strictEqual(launch.command, path.join('/opt/jdk17', 'bin', 'java'));
});

test('the java setting wins over JAVA_HOME; extra args follow the jar', () => {
  const launch = serverCommand(
    { java: ' /usr/lib/jvm/21/bin/java ', jar: '/srv/server.jar', args: ['-log'] },
    EXT,
    { env: { JAVA_HOME: '/opt/jdk17' }, platform: 'linux', exists: everything },
  );
  assert.deepStrictEqual(launch, { command: '/usr/lib/jvm/21/bin/java', args: ['-jar', path.resolve('/srv/server.jar'), '-log'] });
});

test('a missing configured jar is one message naming the setting and the path', () => {
  const launch = serverCommand({ jar: '/nowhere/server.jar' }, EXT, { env: {}, exists: () => false });
  assert.strictEqual(launch.command, undefined);
  assert.match(launch.error, /vmodel\.server\.jar does not exist: .*nowhere.server\.jar$/);
});

test('a missing bundled jar says how to build it', () => {
  const launch = serverCommand({}, EXT, { env: {}, exists: () => false });
  assert.match(launch.error, /no language server jar .*mvn package -pl dsl\/vscode -am/);
});
