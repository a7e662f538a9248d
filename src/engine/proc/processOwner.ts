/**
 * Who owns a process, compared with who is using VS Code. Sources fill what
 * their platform tells: a uid (procfs, /proc/<pid> on Linux), or a user name
 * as the process list prints it (`ps` on macOS, `DOMAIN\name` from tasklist on
 * Windows, `N/A` where Windows won't say). Stop is offered for the user's own
 * processes, refused for another user's, and where the owner can't be read
 * the confirmation says so instead of guessing either way.
 */
import * as os from 'node:os';

export interface CurrentUser {
  /** The login name, as `os.userInfo()` gives it. */
  readonly name: string;
  /** POSIX only (Windows has SIDs, not uids). */
  readonly uid?: number;
  /** Windows: the account's domain (or computer name for a local account), from USERDOMAIN. */
  readonly domain?: string;
}

export type Ownership = 'own' | 'other' | 'unknown';

export interface OwnerFacts {
  readonly uid?: number;
  /** The owner's name as listed; `DOMAIN\name` on Windows. */
  readonly user?: string;
}

export function currentUser(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): CurrentUser {
  const info = os.userInfo();
  if (platform === 'win32') return { name: info.username, ...(env.USERDOMAIN ? { domain: env.USERDOMAIN } : {}) };
  return { name: info.username, uid: info.uid };
}

/** Windows account names are case-insensitive; tasklist prints them as `DOMAIN\name`. */
function windowsOwnership(listed: string, me: CurrentUser): Ownership {
  const slash = listed.lastIndexOf('\\');
  const name = listed.slice(slash + 1).toLowerCase();
  const domain = slash < 0 ? undefined : listed.slice(0, slash).toLowerCase();
  if (name === me.name.toLowerCase() && (domain === undefined || me.domain === undefined || domain === me.domain.toLowerCase())) {
    return 'own';
  }
  // tasklist prints every account as DOMAIN\name; anything else is its "N/A" in the system's
  // language ("Nicht zutreffend"), and a name garbled by the console's code page can't be compared.
  return domain === undefined || listed.includes('\uFFFD') ? 'unknown' : 'other';
}

function posixOwnership(listed: string, me: CurrentUser): Ownership {
  if (listed === me.name) return 'own';
  // ps prints the uid where no name is known for it.
  if (/^\d+$/.test(listed) && me.uid !== undefined) return Number(listed) === me.uid ? 'own' : 'other';
  // procps cuts a name longer than its column and marks the cut with `+`.
  if (listed.endsWith('+') && me.name.startsWith(listed.slice(0, -1))) return 'unknown';
  return 'other';
}

export function ownershipOf(owner: OwnerFacts, me: CurrentUser): Ownership {
  if (owner.uid !== undefined && me.uid !== undefined) return owner.uid === me.uid ? 'own' : 'other';
  const listed = owner.user?.trim();
  if (!listed || listed === 'N/A') return 'unknown';
  // Only Windows has no uid for the current user.
  return me.uid === undefined || listed.includes('\\') ? windowsOwnership(listed, me) : posixOwnership(listed, me);
}
