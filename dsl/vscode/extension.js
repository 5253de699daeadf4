'use strict';
/**
 * The vmodel extension: starts the vmodel language server (a Java jar speaking LSP over stdio)
 * for `.vmodel` files through vscode-languageclient. Highlighting needs no server: it comes from
 * syntaxes/vmodel.tmLanguage.json. The command line is computed by server-command.js.
 */
const fs = require('fs');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');
const { serverCommand } = require('./server-command');

/** @type {LanguageClient | undefined} */
let client;

async function activate(context) {
  const settings = vscode.workspace.getConfiguration('vmodel.server');
  const launch = serverCommand(
    { java: settings.get('java'), jar: settings.get('jar'), args: settings.get('args') },
    context.extensionPath,
    { env: process.env, platform: process.platform, exists: (file) => fs.existsSync(file) },
  );
  if (launch.error) {
    vscode.window.showErrorMessage(launch.error);
    return;
  }
  const executable = { command: launch.command, args: launch.args, transport: TransportKind.stdio };
  client = new LanguageClient(
    'vmodel',
    'vmodel language server',
    { run: executable, debug: executable },
    {
      documentSelector: [{ scheme: 'file', language: 'vmodel' }],
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.vmodel') },
    },
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('vmodel.server')) {
        vscode.window.showInformationMessage('vmodel: reload the window to restart the language server with the new settings.');
      }
    }),
  );
  try {
    await client.start();
  } catch (e) {
    vscode.window.showErrorMessage(
      `vmodel: the language server did not start (${launch.command} ${launch.args.join(' ')}): ${e.message}. ` +
        'Set vmodel.server.java to a Java 17 or newer.',
    );
  }
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
