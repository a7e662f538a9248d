/** What a process holds open as listening TCP sockets, as the kernel says: what a leak adds to. */
import * as fs from 'node:fs';

/** TCP sockets in LISTEN that `pid` holds: its /proc/<pid>/fd socket inodes met in its /proc/net/tcp{,6} rows of state 0A. */
export function listeningSockets(pid: number | 'self' = 'self'): number {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const socket = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (socket) inodes.add(socket[1]);
    } catch {
      continue; // closed while we looked
    }
  }
  let count = 0;
  for (const table of ['tcp', 'tcp6']) {
    for (const row of fs.readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1)) {
      const fields = row.trim().split(/\s+/);
      if (fields[3] === '0A' && inodes.has(fields[9])) count++;
    }
  }
  return count;
}
