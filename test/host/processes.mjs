// @ts-check
// Process-group bookkeeping for what the host scripts start. code-server and
// Chromium each spawn a tree (extension host, pty host, renderers, zygotes):
// starting them as group leaders lets one signal reach the whole tree.
import fs from 'node:fs';

/** Groups started and not yet killed: the last resort on a signal or crash. */
const liveGroups = new Set();

/** @param {number} pgid */
export function trackGroup(pgid) {
  liveGroups.add(pgid);
}

/**
 * Pids of live processes in process group `pgid` (from /proc/PID/stat, whose
 * 5th field is the pgrp; the 2nd, comm, may hold spaces, hence lastIndexOf).
 * @param {number} pgid @returns {number[]}
 */
export function processesInGroup(pgid) {
  /** @type {number[]} */
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is the state; zombies are gone already, only unreaped.
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(entry));
  }
  return pids;
}

/**
 * Resolves once `pgid` has no live process left, or after `timeoutMs`.
 * @param {number} pgid @param {number} timeoutMs @returns {Promise<boolean>} true when empty
 */
async function groupEmptied(pgid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (processesInGroup(pgid).length > 0) {
    if (Date.now() > deadline) return false;
    // Polling /proc is the only wait available for non-child processes.
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * SIGTERM to the whole group, SIGKILL to what is still there after `graceMs`.
 * @param {number} pgid @param {number} [graceMs] @returns {Promise<number[]>} pids that survived even SIGKILL
 */
export async function killGroup(pgid, graceMs = 3000) {
  liveGroups.delete(pgid);
  /** @param {NodeJS.Signals} signal */
  const signalGroup = (signal) => {
    try {
      process.kill(-pgid, signal);
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'ESRCH') throw err;
    }
  };
  signalGroup('SIGTERM');
  if (await groupEmptied(pgid, graceMs)) return [];
  signalGroup('SIGKILL');
  await groupEmptied(pgid, 2000);
  return processesInGroup(pgid);
}

/**
 * Runs `cleanup` once on SIGINT/SIGTERM/SIGHUP or an uncaught error, kills
 * any tracked group it left, then exits; returns a function that removes the
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
      .then(() => Promise.all([...liveGroups].map((pgid) => killGroup(pgid, 1000))))
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
