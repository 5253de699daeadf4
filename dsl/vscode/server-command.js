'use strict';
/**
 * How the extension starts the vmodel language server: `java -jar <jar> [args]`, from the
 * `vmodel.server.*` settings. Kept free of the `vscode` module so that it is tested with plain
 * Node (test/server-command.test.js) and the launch logic does not need VS Code to be checked.
 */
const path = require('path');

/** The jar shipped inside the extension, copied from dsl/ide/target by the Maven build. */
const BUNDLED_JAR = path.join('server', 'vmodel-language-server.jar');

/**
 * The java executable: the `vmodel.server.java` setting, else `$JAVA_HOME/bin/java`, else
 * `java` on the PATH.
 */
function javaExecutable(settings, env, platform) {
  const configured = (settings.java || '').trim();
  if (configured) return configured;
  const javaHome = (env.JAVA_HOME || '').trim();
  if (javaHome) {
    const exe = platform === 'win32' ? 'java.exe' : 'java';
    return path.join(javaHome, 'bin', exe);
  }
  return 'java';
}

/**
 * The command line that starts the server, or the one-line reason it cannot be started.
 *
 * @param {{java?: string, jar?: string, args?: string[]}} settings the vmodel.server settings
 * @param {string} extensionPath the extension's install folder
 * @param {{env?: object, platform?: string, exists?: (file: string) => boolean}} host
 * @returns {{command: string, args: string[]} | {error: string}}
 */
function serverCommand(settings, extensionPath, host) {
  const env = host.env || {};
  const platform = host.platform || process.platform;
  const configuredJar = (settings.jar || '').trim();
  const jar = configuredJar
    ? path.resolve(extensionPath, configuredJar)
    : path.join(extensionPath, BUNDLED_JAR);
  if (!host.exists(jar)) {
    return {
      error: configuredJar
        ? `vmodel: the language server jar set in vmodel.server.jar does not exist: ${jar}`
        : `vmodel: this extension has no language server jar (${jar}); build it with mvn package -pl dsl/vscode -am`,
    };
  }
  const extra = Array.isArray(settings.args) ? settings.args.map(String) : [];
  return { command: javaExecutable(settings, env, platform), args: ['-jar', jar, ...extra] };
}

module.exports = { serverCommand, javaExecutable, BUNDLED_JAR };
