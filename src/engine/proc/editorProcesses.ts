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
 * Windows has no groups or sessions. There the editor's own processes are the
 * topmost ancestor running the extension host's program (Code.exe, or
 * node.exe for a server) with only that program between them, and what
 * descends from it through that same program:
 * other windows, the pty host, the network service, language servers forked
 * from the extension host. A shell (a terminal's, or the one a launch runs
 * in) is another program, so what runs under it stays the user's, as it does
 * in its own session elsewhere.
 * Editor servers are also known by their program, whoever started them:
 * code-server, the VS Code server (`server-main.js`, the `code-server`
 * script of Remote and `code serve-web`) and the processes they fork
 * (`bootstrap-fork --type=extensionHost`, `ptyHost`, `fileWatcher`), so
 * another window's editor is no more offered than this one's.
 * Ancestors and their groups are fixed for the life of the extension host,
 * so they are read once; the pty host is recognised by its command line, and
 * on Windows a process started later by its parent and its program name.
 */
import type { ProcessInfo } from './processInfo';
import { ProcessTable, readProcessTable } from './processTable';
import { descendantsOf } from './processTree';

export type EditorCandidate = Pick<ProcessInfo, 'pid' | 'ppid' | 'pgid' | 'commandLine'> & { readonly name?: string };

export class EditorProcesses {
  private constructor(
    readonly ancestors: ReadonlySet<number>,
    readonly groups: ReadonlySet<number>,
    /** Windows: the editor's program and its processes when read (see the top of this file). */
    readonly family: ReadonlySet<number> = new Set(),
    private readonly program?: string,
  ) {}

  /** Reads the chain from `self` up to (not including) init. */
  static async read(self = process.pid, table?: ProcessTable, platform = process.platform): Promise<EditorProcesses> {
    return EditorProcesses.from(table ?? (await readProcessTable({ platform })), self, platform);
  }

  static from(table: ProcessTable, self = process.pid, platform: NodeJS.Platform = process.platform): EditorProcesses {
    const ancestors: number[] = [];
    const groups = new Set<number>();
    for (let pid: number | undefined = self; pid !== undefined && pid > 1 && !ancestors.includes(pid); pid = table.get(pid)?.ppid) {
      ancestors.push(pid);
      const pgid = table.get(pid)?.pgid;
      // Group 0 is the kernel's; init's group would cover every orphan of the machine.
      if (pgid !== undefined && pgid > 1) groups.add(pgid);
    }
    if (platform !== 'win32') return new EditorProcesses(new Set(ancestors), groups);
    const program = table.get(self)?.name?.toLowerCase();
    const sameProgram = (pid: number): boolean => program !== undefined && table.get(pid)?.name?.toLowerCase() === program;
    // The chain of that program unbroken from the extension host up: a node.exe above a shell is someone else's.
    const end = ancestors.findIndex((pid) => !sameProgram(pid));
    const top = (end < 0 ? ancestors : ancestors.slice(0, end)).pop();
    if (top === undefined) return new EditorProcesses(new Set(ancestors), groups);
    const editorOnly = new Map([...table].filter(([pid]) => sameProgram(pid)));
    const family = new Set([top, ...descendantsOf([top], editorOnly)]);
    return new EditorProcesses(new Set(ancestors), groups, family, program);
  }

  /** Whether stopping `process` would stop the editor itself. */
  covers(process: EditorCandidate): boolean {
    if (this.ancestors.has(process.pid) || this.family.has(process.pid) || isEditorServer(process.commandLine)) return true;
    if (process.pgid !== undefined && this.groups.has(process.pgid)) return true;
    if (process.ppid === undefined) return false;
    if (this.family.has(process.ppid) && process.name?.toLowerCase() === this.program) return true;
    return this.ancestors.has(process.ppid) && /--type=ptyHost\b/.test(process.commandLine ?? '');
  }
}

const EDITOR_PROGRAM = /(?:^|[/\\])(?:code-server(?:-insiders)?(?:\.exe|\.cmd)?|code-server[/\\]out[/\\]node[/\\]entry(?:\.js)?|out[/\\]server-main\.js)$/;
const FORKED = /(?:^|[/\\])out[/\\]bootstrap-fork(?:\.js)?$/;

/** The program, or the script its interpreter runs (the first two words), is an editor server's (see the top of this file). */
export function isEditorServer(commandLine: string | undefined): boolean {
  const words = (commandLine ?? '').trim().split(/\s+/).slice(0, 2);
  if (words.some((word) => EDITOR_PROGRAM.test(word))) return true;
  return words.some((word) => FORKED.test(word)) && /\s--type=(?:extensionHost|ptyHost|fileWatcher)\b/.test(commandLine ?? '');
}
