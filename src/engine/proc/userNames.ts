/**
 * A uid's login name, for messages about another user's process ("held by
 * root"): /proc and /proc/net give uids only, and Node has no getpwuid().
 * /etc/passwd names the local accounts (macOS keeps only its system accounts
 * there); a uid it does not list is shown as `uid N`.
 */
import * as fs from 'node:fs';

export function parsePasswd(text: string): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const [name, , uid] = line.split(':');
    if (name && uid !== undefined && /^\d+$/.test(uid) && !names.has(Number(uid))) names.set(Number(uid), name);
  }
  return names;
}

export function userName(uid: number, passwd = '/etc/passwd'): string {
  let text = '';
  try {
    text = fs.readFileSync(passwd, 'utf8');
  } catch {
    // No passwd file (Windows, a minimal container): the uid is all there is.
  }
  return parsePasswd(text).get(uid) ?? `uid ${uid}`;
}
