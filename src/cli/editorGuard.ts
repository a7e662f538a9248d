/**
 * What `port-zero stop` must never stop: VS Code itself, as the Sockets view
 * never does (engine/proc/editorProcesses.ts), found from the extension
 * host's pid and start the terminal's environment carries (a stale one, left
 * in a tmux or a shell that outlived its window, names nothing) and, whatever
 * the environment says, by the programs of editor servers; and the chain of processes
 * that ran this command (the shell, a terminal host). Only that chain's pids,
 * not their process groups: a script's background server shares the script
 * shell's group and is exactly what `stop` is for.
 */
import { EditorCandidate, EditorProcesses, isEditorServer } from '../engine/proc/editorProcesses';
import { isAlive, type ProcessIdentity } from '../engine/proc/processIdentity';
import type { ProcessTable } from '../engine/proc/processTable';

export type Protected = (process: EditorCandidate) => boolean;

export function protectedProcesses(table: ProcessTable, editor: ProcessIdentity | undefined, self = process.pid): Protected {
  const host = editor !== undefined && table.has(editor.pid) ? EditorProcesses.from(table, editor.pid) : undefined;
  const callers = EditorProcesses.from(table, self).ancestors;
  return (p) => callers.has(p.pid) || isEditorServer(p.commandLine) || (host?.covers(p) ?? false);
}

/**
 * Where the process table cannot be read (no `ps`, PowerShell refused), only the
 * extension host and this command's own parent can be told apart, as
 * EditorGuard falls back to when its read fails.
 */
export async function readProtectedProcesses(read: () => Promise<ProcessTable>, editor: ProcessIdentity | undefined): Promise<Protected> {
  try {
    return protectedProcesses(await read(), editor);
  } catch {
    return (p) => p.pid === editor?.pid || p.pid === process.ppid || isEditorServer(p.commandLine);
  }
}

/** `pid:start` (`pid` where the start can't be read), naming the extension host only while that very process runs. */
export function editorFrom(text: string | undefined, alive: (who: ProcessIdentity) => boolean = isAlive): ProcessIdentity | undefined {
  const fields = /^(\d+)(?::(\d+))?$/.exec(text ?? '');
  if (!fields || Number(fields[1]) <= 1) return undefined;
  const editor = { pid: Number(fields[1]), ...(fields[2] === undefined ? {} : { start: Number(fields[2]) }) };
  return alive(editor) ? editor : undefined;
}
