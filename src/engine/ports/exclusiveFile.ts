/**
 * Files shared by every process of one user, changed without a lock server:
 * - a file is created only with O_EXCL (`wx`), so one creator wins;
 * - a file is never rewritten in place: a new version is written aside and
 *   renamed over it, so the content of one inode never changes;
 * - removing or replacing the version with inode I first takes the claim
 *   `<file>.claim-<I>` (itself O_EXCL), then checks the file still is that
 *   version: same inode and same text. Inode numbers are reused as soon as a
 *   file is deleted, so callers put a nonce in every text they write.
 * So two reclaimers of the same stale version cannot both win, and a version
 * judged stale is never confused with a newer one that took its name.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { currentProcess, isAlive, ProcessIdentity } from '../proc/processIdentity';

/** One version of a shared file as read through a single descriptor. */
export interface FileVersion {
  ino: number;
  text: string;
  mtimeMs: number;
}

/** A version still empty or half-written this long after creation is a crashed writer's. */
export const UNFINISHED_WRITE_MS = 10_000;

const CLAIM_MARK = '.claim-';

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

/** Creates `path` holding `text` unless it exists; false when another creator won. */
export function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(path, 'wx', 0o600);
  } catch (e) {
    if (code(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    fs.writeSync(fd, text);
  } catch (e) {
    // A full file system (ENOSPC) creates the file and then refuses its text:
    // an empty file left behind would block the port for everyone until it is old enough to reclaim.
    fs.closeSync(fd);
    unlinkIfPresent(path);
    throw e;
  }
  fs.closeSync(fd);
  return true;
}

export function readVersion(path: string): FileVersion | undefined {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch (e) {
    if (code(e) === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const stat = fs.fstatSync(fd);
    return { ino: stat.ino, text: fs.readFileSync(fd, 'utf8'), mtimeMs: stat.mtimeMs };
  } finally {
    fs.closeSync(fd);
  }
}

function isVersion(path: string, judged: FileVersion): boolean {
  const now = readVersion(path);
  return now !== undefined && now.ino === judged.ino && now.text === judged.text;
}

function claimText(): string {
  return JSON.stringify({ ...currentProcess(), nonce: crypto.randomBytes(6).toString('hex') });
}

function unlinkIfPresent(path: string): void {
  try {
    fs.unlinkSync(path);
  } catch (e) {
    if (code(e) !== 'ENOENT') throw e;
  }
}

function uniqueSuffix(): string {
  return `${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
}

/** True when a claim file was left by a claimer that died mid-claim. */
function isAbandonedClaim(version: FileVersion, now: number): boolean {
  try {
    return !isAlive(JSON.parse(version.text) as ProcessIdentity);
  } catch {
    return now - version.mtimeMs > UNFINISHED_WRITE_MS;
  }
}

/**
 * Removes a claim whose claimer died. The claim is moved to a unique tomb
 * first, so of two removers only one gets it; if what it got is not the
 * abandoned version it judged (a live claimer's newer one), it puts it back.
 */
function removeAbandonedClaim(claim: string, judged: FileVersion): void {
  const tomb = `${claim}.tomb-${uniqueSuffix()}`;
  try {
    fs.renameSync(claim, tomb);
  } catch (e) {
    if (code(e) === 'ENOENT') return;
    throw e;
  }
  if (!isVersion(tomb, judged)) {
    try {
      fs.linkSync(tomb, claim);
    } catch (e) {
      if (code(e) !== 'EEXIST') throw e;
    }
  }
  unlinkIfPresent(tomb);
}

/**
 * Runs `change` while holding the claim on `version` of `path`, and only if
 * `path` still is that version. False when someone else holds the claim or
 * the version is gone: the caller reads the file again and decides anew.
 */
function withClaim(path: string, version: FileVersion, change: () => void): boolean {
  const claim = `${path}${CLAIM_MARK}${version.ino}`;
  if (!createExclusive(claim, claimText())) {
    const holder = readVersion(claim);
    if (holder === undefined || !isAbandonedClaim(holder, Date.now())) return false;
    removeAbandonedClaim(claim, holder);
    if (!createExclusive(claim, claimText())) return false;
  }
  try {
    if (!isVersion(path, version)) return false;
    change();
    return true;
  } finally {
    unlinkIfPresent(claim);
  }
}

/** Removes `version` of `path`; false when it changed or another process is at it. */
export function removeVersion(path: string, version: FileVersion): boolean {
  return withClaim(path, version, () => unlinkIfPresent(path));
}

/** Replaces `version` of `path` by `text` without the name ever being absent. */
export function replaceVersion(path: string, version: FileVersion, text: string): boolean {
  return withClaim(path, version, () => {
    const aside = `${path}.tmp-${uniqueSuffix()}`;
    try {
      // Inside the try: a full file system creates `aside` and then refuses its text.
      fs.writeFileSync(aside, text, { mode: 0o600, flag: 'wx' });
      fs.renameSync(aside, path);
    } catch (e) {
      unlinkIfPresent(aside);
      throw e;
    }
  });
}

/**
 * Clears what crashed processes leave beside the shared files: abandoned
 * claims, half-finished replacements and tombs. `entries` are names in `dir`.
 */
export function sweepLeftovers(dir: string, entries: readonly string[], now = Date.now()): void {
  for (const entry of entries) {
    const path = `${dir}/${entry}`;
    if (entry.includes('.tomb-') || entry.includes('.tmp-')) {
      const pid = Number(/\.(?:tomb|tmp)-(\d+)-/.exec(entry)?.[1]);
      if (Number.isInteger(pid) && !isAlive({ pid })) unlinkIfPresent(path);
    } else if (entry.includes(CLAIM_MARK)) {
      const claim = readVersion(path);
      if (claim !== undefined && isAbandonedClaim(claim, now)) removeAbandonedClaim(path, claim);
    }
  }
}
