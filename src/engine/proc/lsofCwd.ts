/**
 * Working directories on macOS, where no /proc exists: one `lsof` for every
 * pid asked, in lsof's field output (lsof(8), "OUTPUT FOR OTHER PROGRAMS"):
 * a `p<pid>` line starts each process, `n<path>` is the file's name. lsof
 * 4.88 to 4.93.2 (macOS ships 4.91) also print an `f<descriptor>` line,
 * `fcwd`; later ones print it only when asked. lsof exits 1 when any pid
 * asked for is gone or not readable, and still prints the others.
 */
import { CommandRunner } from './commandRunner';

/** Where macOS ships lsof: a VS Code started from the Dock may have a PATH without /usr/sbin. */
export const LSOF = '/usr/sbin/lsof';

export function lsofCwdArgs(pids: readonly number[]): string[] {
  return ['-a', '-d', 'cwd', '-Fn', '-p', pids.join(',')];
}

export function parseLsofCwd(stdout: string): Map<number, string> {
  const cwds = new Map<number, string>();
  let pid: number | undefined;
  for (const line of stdout.split('\n')) {
    const field = line.slice(1).replace(/\r$/, '');
    if (line.startsWith('p')) {
      const n = Number(field);
      pid = Number.isInteger(n) && n > 0 ? n : undefined;
    } else if (line.startsWith('n') && pid !== undefined && !cwds.has(pid)) {
      cwds.set(pid, field);
    }
  }
  return cwds;
}

/** The cwd of each pid lsof could read; one run for all of them. */
export async function readCwds(run: CommandRunner, pids: readonly number[]): Promise<Map<number, string>> {
  if (pids.length === 0) return new Map();
  try {
    return parseLsofCwd((await run(LSOF, lsofCwdArgs(pids))).stdout);
  } catch {
    // No lsof: working directories stay unknown, as for another user's process.
    return new Map();
  }
}
