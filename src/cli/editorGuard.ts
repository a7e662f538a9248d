/**
 * What `port-zero stop` must never stop: VS Code itself, as the Ports view
 * never does (engine/proc/editorProcesses.ts), found from the extension
 * host's pid the terminal's environment carries; and the chain of processes
 * that ran this command (the shell, a terminal host). Only that chain's pids,
 * not their process groups: a script's background server shares the script
 * shell's group and is exactly what `stop` is for.
 */
import { EditorCandidate, EditorProcesses } from '../engine/proc/editorProcesses';
import type { ProcessTable } from '../engine/proc/processTable';

export type Protected = (process: EditorCandidate) => boolean;

export function protectedProcesses(table: ProcessTable, editorPid: number | undefined, self = process.pid): Protected {
  const editor = editorPid !== undefined && table.has(editorPid) ? EditorProcesses.from(table, editorPid) : undefined;
  const callers = EditorProcesses.from(table, self).ancestors;
  return (p) => callers.has(p.pid) || (editor?.covers(p) ?? false);
}

/**
 * Where the process table cannot be read (no `ps`, PowerShell refused), only the
 * extension host and this command's own parent can be told apart, as
 * EditorGuard falls back to when its read fails.
 */
export async function readProtectedProcesses(read: () => Promise<ProcessTable>, editorPid: number | undefined): Promise<Protected> {
  try {
    return protectedProcesses(await read(), editorPid);
  } catch {
    return (p) => p.pid === editorPid || p.pid === process.ppid;
  }
}

export function editorPidFrom(text: string | undefined): number | undefined {
  return text !== undefined && /^\d+$/.test(text) && Number(text) > 1 ? Number(text) : undefined;
}
