/**
 * The processes that are the editor the user is working in. Stopping any of
 * them ends the window (seen: Stop offered on code-server's own row, with
 * Stop Process as the modal's default button), so Port Zero never offers it:
 * - the extension host running Port Zero and every ancestor of it (the VS Code
 *   server, code-server, a Remote or WSL server, the desktop app, sshd);
 * - every process in those processes' groups (language servers and helpers
 *   forked by the editor without a new group);
 * - the terminal hosts those ancestors started (`--type=ptyHost`), though not
 *   the shells and programs in its terminals, which run in sessions of their own.
 * Ancestors and their groups are fixed for the life of the extension host,
 * so they are read once; the pty host is recognised by its command line.
 */
import type { ProcessInfo } from './processInfo';
import { ProcessTable, readProcessTable } from './processTable';

export class EditorProcesses {
  private constructor(
    readonly ancestors: ReadonlySet<number>,
    readonly groups: ReadonlySet<number>,
  ) {}

  /** Reads the chain from `self` up to (not including) init. */
  static async read(self = process.pid, table?: ProcessTable): Promise<EditorProcesses> {
    return EditorProcesses.from(table ?? (await readProcessTable()), self);
  }

  static from(table: ProcessTable, self = process.pid): EditorProcesses {
    const ancestors = new Set<number>();
    const groups = new Set<number>();
    for (let pid: number | undefined = self; pid !== undefined && pid > 1 && !ancestors.has(pid); pid = table.get(pid)?.ppid) {
      ancestors.add(pid);
      const pgid = table.get(pid)?.pgid;
      // Group 0 is the kernel's; init's group would cover every orphan of the machine.
      if (pgid !== undefined && pgid > 1) groups.add(pgid);
    }
    return new EditorProcesses(ancestors, groups);
  }

  /** Whether stopping `process` would stop the editor itself. */
  covers(process: Pick<ProcessInfo, 'pid' | 'ppid' | 'pgid' | 'commandLine'>): boolean {
    if (this.ancestors.has(process.pid)) return true;
    if (process.pgid !== undefined && this.groups.has(process.pgid)) return true;
    return process.ppid !== undefined && this.ancestors.has(process.ppid) && /--type=ptyHost\b/.test(process.commandLine ?? '');
  }
}
