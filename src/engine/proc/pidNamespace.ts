/**
 * The init of a pid namespace: pid 1 of the machine, or of a container (a
 * dev container's or `docker run`'s app, `unshare --pid --fork`). When it
 * ends, the kernel kills every process of its namespace, the editor among
 * them when it runs there, so Port Zero never signals one. The NSpid line of
 * /proc/<pid>/status lists the process's pid in each namespace from the
 * reader's down to its own (proc_pid_status(5)): an init's last one is 1.
 */
import * as fs from 'node:fs';

export function isNamespaceInit(pid: number, readStatus: (pid: number) => string | undefined = procStatus): boolean {
  if (pid === 1) return true;
  const nspid = /^NSpid:\s*(.*)$/m.exec(readStatus(pid) ?? '')?.[1].trim().split(/\s+/);
  return nspid !== undefined && nspid[nspid.length - 1] === '1';
}

function procStatus(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined;
  }
}
