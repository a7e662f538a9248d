/**
 * The directory every Port Zero process of this user shares for reservations:
 * `$XDG_RUNTIME_DIR/port-zero` (per user, mode 0700, cleared at logout), else
 * `<memory tmp>/port-zero-<uid>`. Both are checked to be ours and private, since a
 * directory planted by another user could otherwise hand out or block ports.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function defaultReservationRoot(env: NodeJS.ProcessEnv = process.env, tmp = memoryTmpDir()): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && path.isAbsolute(runtime) && isPrivateDirOfCurrentUser(runtime)) {
    return path.join(runtime, 'port-zero');
  }
  const who = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(tmp, `port-zero-${who}`);
}

/**
 * The first usable reservation directory. Another local user can plant a
 * directory or a symlink at the shared-tmp path before us (/dev/shm is
 * sticky, so we could not even remove it), which must not take Port Zero
 * down: then the user's cache directory serves, which only they can write
 * and every window of theirs still shares; failing that, a private directory
 * of this process's own, which protects only its own callers. Each fallback
 * is reported through `warn`.
 */
export function usableReservationRoot(
  warn: (message: string) => void = () => undefined,
  env: NodeJS.ProcessEnv = process.env,
  tmp = memoryTmpDir(),
): string {
  const cache = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  for (const root of [defaultReservationRoot(env, tmp), path.join(cache, 'port-zero')]) {
    try {
      ensurePrivateDir(root);
      return root;
    } catch (e) {
      warn(`${e instanceof Error ? e.message : String(e)} Using another directory for reservations.`);
    }
  }
  const own = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-'));
  warn(`Reservations are kept in ${own}, which only this window uses: other windows may be handed the same ports.`);
  return own;
}

/**
 * /dev/shm where Linux has it, else the OS temp dir. Measured on an ext4 /tmp:
 * creating a reservation file took 1.2 ms there and 0.06 ms on tmpfs, and
 * reservations need not survive a reboot anyway.
 */
export function memoryTmpDir(): string {
  if (process.platform === 'linux') {
    try {
      if (fs.statSync('/dev/shm').isDirectory()) return '/dev/shm';
    } catch {
      // No /dev/shm (some containers): the temp dir will do.
    }
  }
  return os.tmpdir();
}

function isPrivateDirOfCurrentUser(dir: string): boolean {
  try {
    const stat = fs.statSync(dir);
    return stat.isDirectory() && (typeof process.getuid !== 'function' || stat.uid === process.getuid());
  } catch {
    return false;
  }
}

/**
 * Creates `dir` (and parents) with mode 0700 and refuses one that is a
 * symlink or owned by another user; tightens our own if it is too open.
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory()) {
    throw new Error(`Port Zero: ${dir} must be a directory, and it is a link or a file; remove it.`);
  }
  if (typeof process.getuid === 'function') {
    if (stat.uid !== process.getuid()) {
      throw new Error(`Port Zero: ${dir} belongs to user ${stat.uid}, not to you; remove it.`);
    }
    if ((stat.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
  }
}
