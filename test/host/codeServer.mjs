// @ts-check
// Starts code-server (VS Code's server + web workbench) on a free loopback
// port with throw-away user data, and builds workbench URLs for it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URLSearchParams } from 'node:url';
import { killTree, newTree } from './processes.mjs';

/**
 * `disabled`: the folder is trusted without asking (the default for tests).
 * `enabled`: workspace trust is on, so the folder opens in Restricted Mode.
 * @typedef {'disabled' | 'enabled'} TrustMode
 */

/**
 * @typedef {object} CodeServer
 * @property {number} port
 * @property {number} pid             also the process group id
 * @property {import('./processes.mjs').Tree} tree
 * @property {string} origin          http://127.0.0.1:PORT
 * @property {string} userDataDir     holds logs/ (kept on failure)
 * @property {string} folder          the workspace folder opened
 * @property {() => string[]} output  everything code-server printed so far
 * @property {Promise<string>} exited resolves with a description when it exits
 * @property {(payload?: [string, string][]) => string} workbenchUrl
 * @property {(absPath: string) => string} remoteUri  vscode-remote:// URI of a server path
 * @property {() => Promise<number[]>} stop  kills the tree; returns pids that survived
 */

const LISTENING = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//;

/**
 * @param {object} opts
 * @param {import('./install.mjs').Host} opts.host
 * @param {string} opts.folder                absolute path of the workspace to open
 * @param {TrustMode} [opts.trust]
 * @param {Record<string, unknown>} [opts.settings]  extra user settings
 * @param {(line: string) => void} [opts.onLine]     each output line
 * @param {Record<string, string>} [opts.env]       extra environment, which the extension host inherits
 * @param {string} [opts.extensionsDir]  an extensions folder prepared beforehand (e.g. by
 *   `code-server --install-extension`); by default a fresh empty one
 * @param {number} [opts.startTimeoutMs]
 * @param {boolean} [opts.testDriver]  false: the workbench as a user has it, toasts included, but it
 *   then ignores the development options in the URL (load Port Zero from an installed .vsix instead)
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer({ host, folder, trust = 'disabled', settings = {}, onLine = () => {}, env: extraEnv = {}, extensionsDir: givenExtensionsDir, startTimeoutMs = 30000, testDriver = true }) {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-host-'));
  const userDataDir = path.join(tempDir, 'user-data');
  const extensionsDir = givenExtensionsDir ?? path.join(tempDir, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'security.workspace.trust.enabled': trust === 'enabled',
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        // The chat and agent host add dozens of log lines per run (sign-in probes
        // that cannot succeed offline) between the suite's own lines.
        'chat.disableAIFeatures': true,
        ...settings,
      },
      null,
      2,
    ),
  );
  // An explicit (empty) config file: otherwise code-server writes a default
  // one, with a password, into ~/.config/code-server.
  const configFile = path.join(tempDir, 'config.yaml');
  fs.writeFileSync(configFile, '');

  const args = [
    host.codeServerEntry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    ...(trust === 'disabled' ? ['--disable-workspace-trust'] : []),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    // Without it the built workbench ignores the development options
    // (extensionDevelopmentPath, extensionTestsPath) passed in the URL. Older
    // code-server rejects the flag, and its workbench honours them anyway.
    ...(testDriver && host.spec.vscodeOption ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    folder,
  ];
  // VS Code variables inherited from a surrounding VS Code (terminal, F5)
  // would point the server at that instance's IPC sockets.
  const named = newTree('code-server');
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VSCODE_') && k !== 'ELECTRON_RUN_AS_NODE')), ...extraEnv, [named.envKey]: named.envValue };
  const child = spawn(host.node, args, { cwd: tempDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = /** @type {number} */ (child.pid);
  const tree = named.track(pid);

  /** @type {string[]} */
  const lines = [];
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exited with code ${code}`));
  });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server printed no listening address within ${startTimeoutMs} ms:\n${lines.join('\n')}`)), startTimeoutMs);
    /** @param {Buffer} chunk */
    const onData = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        lines.push(line);
        onLine(line);
        const m = LISTENING.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    exited.then((how) => { clearTimeout(timer); reject(new Error(`code-server ${how} before listening:\n${lines.join('\n')}`)); });
  }).catch(async (err) => {
    await killTree(tree);
    fs.rmSync(tempDir, { recursive: true, force: true });
    throw err;
  });

  const origin = `http://127.0.0.1:${port}`;
  /** @param {string} absPath */
  const remoteUri = (absPath) => `vscode-remote://127.0.0.1:${port}${absPath}`;
  let stopped = /** @type {Promise<number[]> | undefined} */ (undefined);
  return {
    port,
    pid,
    tree,
    origin,
    userDataDir,
    folder,
    output: () => [...lines],
    exited,
    remoteUri,
    workbenchUrl(payload) {
      const query = new URLSearchParams({ folder });
      if (payload) query.set('payload', JSON.stringify(payload));
      return `${origin}/?${query}`;
    },
    stop() {
      stopped ??= killTree(tree).then((survivors) => {
        fs.rmSync(tempDir, { recursive: true, force: true });
        return survivors;
      });
      return stopped;
    },
  };
}
