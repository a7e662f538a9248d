/**
 * Puts the `port-zero` command on PATH in VS Code's terminals: the
 * extension's own bin/ (shims that run dist/cli.js) is prepended through the
 * environment variable collection, with what the CLI cannot read itself: the
 * Node to run on, the window's workspace (whose port names these are), the extension host's pid (whose life CLI reservations last
 * at most, and which `stop` never ends) and the free-port settings in force.
 * Terminals opened afterwards get it; VS Code marks older ones as stale. The
 * collection is not persisted and is cleared on dispose, so a disabled
 * extension leaves nothing behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLI_ENV } from '../engine/cliEnvironment';
import { currentProcess } from '../engine/proc/processIdentity';
import { FreePorts, windowWorkspace } from '../services/freePorts';

/** The folder holding the shims, and the shim for this platform. */
export function cliShim(extensionPath: string, platform: NodeJS.Platform = process.platform): { dir: string; file: string } {
  const dir = path.join(extensionPath, 'bin');
  return { dir, file: path.join(dir, platform === 'win32' ? 'port-zero.cmd' : 'port-zero') };
}

/**
 * A .vsix keeps file modes, but an extension folder copied or unpacked by
 * other means may lose the execute bit, and then the shim is found but not run.
 */
function ensureExecutable(file: string, log: vscode.LogOutputChannel): void {
  if (process.platform === 'win32') return;
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    try {
      fs.chmodSync(file, 0o755);
    } catch (e) {
      log.warn(`The port-zero command in ${file} cannot be made executable; in terminals run it as: node ${path.join(path.dirname(file), '..', 'dist', 'cli.js')}`, e);
    }
  }
}

export function putCliOnPath(context: vscode.ExtensionContext, freePorts: FreePorts, log: vscode.LogOutputChannel): vscode.Disposable {
  const collection = context.environmentVariableCollection;
  const shim = cliShim(context.extensionPath);
  ensureExecutable(shim.file, log);
  collection.persistent = false;
  collection.description = vscode.l10n.t('Puts the port-zero command on PATH, with Port Zero\'s port range and reservation time.');
  collection.prepend('PATH', shim.dir + path.delimiter);
  collection.replace(CLI_ENV.node, process.execPath);
  const self = currentProcess();
  collection.replace(CLI_ENV.editorPid, self.start === undefined ? String(self.pid) : `${self.pid}:${self.start}`);
  const writeSettings = (): void => {
    const { range, reservationMs } = freePorts.settings();
    collection.replace(CLI_ENV.range, range ? `${range.first}-${range.last}` : '');
    collection.replace(CLI_ENV.reservationSeconds, String(reservationMs / 1000));
  };
  const writeWorkspace = (): void => collection.replace(CLI_ENV.workspace, windowWorkspace() ?? '');
  writeSettings();
  writeWorkspace();
  const watches = [
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (FreePorts.affectsSettings(e)) writeSettings();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(writeWorkspace),
  ];
  return new vscode.Disposable(() => {
    for (const w of watches) w.dispose();
    collection.clear();
  });
}
