// @ts-check
// Bookkeeping for what the host scripts start. code-server and Chromium each
// spawn a tree (extension host, pty host, renderers, zygotes): started as
// group leaders, one signal reaches nearly all of it.
import { setTimeout as delay } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The engine's own /proc reader, compiled by `npm run build` (every runner builds first).
const engine = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'out', 'src', 'engine', 'proc');
const require = createRequire(import.meta.url);
/** @type {typeof import('../../src/engine/proc/processTable')} */
const { readProcfsTable } = require(path.join(engine, 'processTable.js'));
/** @type {typeof import('../../src/engine/proc/procReader')} */
const { nodeProcReader } = require(path.join(engine, 'procReader.js'));
/** @type {typeof import('../../src/engine/proc/procStat')} */
const { hasExited } = require(path.join(engine, 'procStat.js'));

/** @type {Set<Tree>} Trees started and not yet killed: the last resort on a signal or crash. */
const liveTrees = new Set();

/**
 * Names a tree about to be started: put `envMark` (KEY=VALUE) in its
 * environment, start it as a group leader, then call `track(pid)`.
 * @param {string} name @returns {{ envMark: string, envKey: string, envValue: string, track: (pid: number) => Tree }}
 */
export function newTree(name) {
  const envKey = 'PORT_ZERO_TREE';
  const envValue = `${name}-${process.pid}-${randomUUID()}`;
  const envMark = `${envKey}=${envValue}`;
  return {
    envMark,
    envKey,
    envValue,
    track(pid) {
      const tree = { pgid: pid, envMark };
      liveTrees.add(tree);
      return tree;
    },
  };
}

/**
 * A process tree we started: its group, plus an environment entry every
 * descendant inherits. The entry finds what left the group: Chromium
 * daemonizes its crashpad handlers (setsid, reparented to init).
 * @typedef {{ pgid: number, envMark: string }} Tree
 */

/**
 * Pids of live processes of `tree`: its group, or its environment mark.
 * @param {Tree} tree @returns {number[]}
 */
export function processesOf({ pgid, envMark }) {
  /** @type {number[]} */
  const pids = [];
  for (const [pid, stat] of readProcfsTable(nodeProcReader(), '/proc', envMark)) {
    if (!hasExited(stat) && (stat.pgid === pgid || stat.marked)) pids.push(pid);
  }
  return pids;
}

/**
 * Resolves once `tree` has no live process left, or after `timeoutMs`.
 * @param {Tree} tree @param {number} timeoutMs @returns {Promise<boolean>} true when none is left
 */
async function treeGone(tree, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (processesOf(tree).length > 0) {
    if (Date.now() > deadline) return false;
    // Polling /proc is the only wait available for processes that are not our children.
    await delay(50);
  }
  return true;
}

/**
 * SIGTERM to the whole tree, SIGKILL to what is still there after `graceMs`.
 * @param {Tree} tree @param {number} [graceMs] @returns {Promise<number[]>} pids that survived even SIGKILL
 */
export async function killTree(tree, graceMs = 3000) {
  liveTrees.delete(tree);
  /** @param {NodeJS.Signals} signal */
  const signalAll = (signal) => {
    for (const target of [-tree.pgid, ...processesOf(tree)]) {
      try {
        process.kill(target, signal);
      } catch (err) {
        if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ESRCH') throw err;
      }
    }
  };
  signalAll('SIGTERM');
  if (await treeGone(tree, graceMs)) return [];
  signalAll('SIGKILL');
  await treeGone(tree, 2000);
  return processesOf(tree);
}

/**
 * Runs `cleanup` once on SIGINT/SIGTERM/SIGHUP or an uncaught error, kills
 * any tracked tree it left, then exits; returns a function that removes the
 * handlers.
 * @param {(reason: string) => Promise<void>} cleanup @returns {() => void}
 */
export function onTermination(cleanup) {
  let running = false;
  /** @param {string} reason @param {number} code */
  const handle = (reason, code) => {
    if (running) return;
    running = true;
    cleanup(reason)
      .catch((err) => console.error(err))
      .then(() => Promise.all([...liveTrees].map((tree) => killTree(tree, 1000))))
      .finally(() => process.exit(code));
  };
  /** @type {[string, (...args: any[]) => void][]} */
  const handlers = [
    ['SIGINT', () => handle('interrupted (SIGINT)', 130)],
    ['SIGTERM', () => handle('terminated (SIGTERM)', 143)],
    ['SIGHUP', () => handle('hung up (SIGHUP)', 129)],
    ['uncaughtException', (err) => { console.error(err); handle('crashed', 1); }],
    ['unhandledRejection', (err) => { console.error(err); handle('crashed', 1); }],
  ];
  for (const [event, fn] of handlers) process.on(/** @type {any} */ (event), fn);
  return () => {
    for (const [event, fn] of handlers) process.off(/** @type {any} */ (event), fn);
  };
}

/**
 * Ends code-server as a user's machine would, before any sweep: the browser
 * closes, then the server gets SIGTERM (`graceful`, a stopped service) or
 * SIGKILL (`abrupt`, a crash or an OOM kill). Resolves once the extension
 * host is gone (bounded), so whatever Port Zero left running is what a user
 * would find.
 * @param {{ browser: { close(): Promise<unknown> }, server: { pid: number, tree: Tree } }} workbench
 * @param {'graceful' | 'abrupt'} mode
 */
export async function endLikeAUser(workbench, mode) {
  const extensionHosts = () => extensionHostsOf(workbench.server.tree);
  await workbench.browser.close().catch(() => {});
  // Abrupt: the extension host dies first, as in a crash, with no deactivate().
  const victims = mode === 'abrupt' ? [...extensionHosts(), workbench.server.pid] : [workbench.server.pid];
  for (const pid of victims) {
    try {
      process.kill(pid, mode === 'abrupt' ? 'SIGKILL' : 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const hostGone = () => extensionHosts().length === 0;
  for (let waited = 0; waited < 15000 && !hostGone(); waited += 100) await delay(100);
}

/** The extension hosts code-server runs for its windows. @param {Tree} tree @returns {number[]} */
export function extensionHostsOf(tree) {
  return processesOf(tree).filter((pid) => commandLine(pid).includes('--type=extensionHost'));
}

/**
 * Processes Port Zero launched (they carry PORT_ZERO_LAUNCH) from this tree's
 * extension host that still run, each as "pid command line".
 * @param {Tree} tree @returns {string[]}
 */
export function launchesLeftBy(tree) {
  return processesOf(tree)
    .filter((pid) => environ(pid).some((entry) => entry.startsWith('PORT_ZERO_LAUNCH=')))
    .map((pid) => `${pid} ${commandLine(pid)}`);
}

/** @param {number} pid @returns {string} */
function commandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** @param {number} pid @returns {string[]} */
function environ(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
  } catch {
    return [];
  }
}
