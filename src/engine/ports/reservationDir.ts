/**
 * The directory every Port Zero process of this user shares for reservations:
 * `/run/user/<uid>/port-zero` (logind's per-user tmpfs, mode 0700) when that
 * directory exists and is the user's, else `<memory tmp>/port-zero-<uid>`. It
 * depends on the uid alone, never on the environment: a code-server started by
 * systemd or `code tunnel` has no XDG_RUNTIME_DIR where an ssh login has one,
 * and both must find the same store. Both places are checked to be ours and
 * private, since a directory planted by another user could otherwise hand out
 * or block ports.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function defaultReservationRoot(runUser = '/run/user', tmp = memoryTmpDir()): string {
  const uid = process.getuid?.();
  if (uid !== undefined && isDirOfUser(path.join(runUser, String(uid)), uid)) return path.join(runUser, String(uid), 'port-zero');
  return path.join(tmp, `port-zero-${uid ?? os.userInfo().username}`);
}

/**
 * The first usable reservation directory. Another local user can plant a
 * directory or a symlink at the shared-tmp path before us (/dev/shm is
 * sticky, so we could not even remove it), which must not take Port Zero
 * down: then `~/.cache/port-zero` serves (the home the password database
 * names, not $HOME), which only the user can write and every window of theirs
 * still shares; failing that, a private directory of this process's own,
 * which protects only its own callers. Each fallback is reported through `warn`.
 */
export function usableReservationRoot(
  warn: (message: string) => void = () => undefined,
  runUser?: string,
  tmp?: string,
  home = os.userInfo().homedir,
): string {
  for (const root of [defaultReservationRoot(runUser, tmp), path.join(home, '.cache', 'port-zero')]) {
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
 * /dev/shm where Linux has it, else /tmp (Windows: the user's temp folder):
 * never $TMPDIR, which macOS sets for a GUI login and not for ssh. Measured on
 * an ext4 /tmp: creating a reservation file took 1.2 ms there and 0.06 ms on
 * tmpfs, and reservations need not survive a reboot anyway.
 */
export function memoryTmpDir(): string {
  if (process.platform === 'win32') return os.tmpdir();
  try {
    if (fs.statSync('/dev/shm').isDirectory()) return '/dev/shm';
  } catch {
    // No /dev/shm (some containers, macOS): /tmp will do.
  }
  return '/tmp';
}

/** A real directory (not a link to one) owned by `uid`. */
function isDirOfUser(dir: string, uid: number): boolean {
  try {
    const stat = fs.lstatSync(dir);
    return stat.isDirectory() && stat.uid === uid;
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
