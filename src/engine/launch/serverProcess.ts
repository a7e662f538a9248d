/** Small facts about a server's process the launcher checks before and after it runs. */
import type { ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';

/** How long an exit waits for the pipes to drain: a daemonised grandchild may hold them open for ever. */
const DRAIN_MS = 250;

export async function missingDirectory(cwd: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(cwd);
    return stat.isDirectory() ? undefined : `cwd is not a directory: ${cwd}`;
  } catch {
    return `cwd does not exist: ${cwd}`;
  }
}

export function drained(child: ChildProcess): Promise<void> {
  const open = [child.stdout, child.stderr].filter((s) => s !== null && !s.readableEnded && !s.destroyed);
  if (open.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DRAIN_MS);
    child.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
