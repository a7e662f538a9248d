/**
 * Whose life a reservation made by `port-zero port` lasts at most (besides
 * its time to live). Not the CLI's own: it exits as soon as it has printed the
 * port. Not its parent either: `PORT=$(port-zero port)` runs it in a subshell
 * (bash forks one and waits) that is gone before the port is used. So:
 * - in VS Code's terminals, the extension host, which owns the reservations
 *   of `${command:freePort}` too: the same rule for both;
 * - elsewhere on Linux, the terminal session's leader (the login or
 *   terminal's shell), which lives as long as the terminal;
 * - else the parent, for want of a session id in Node on macOS and Windows.
 */
import { isAlive, ProcessIdentity, processStartTime, readProcStat } from '../engine/proc/processIdentity';
import { CLI_ENV } from '../engine/cliEnvironment';
import { editorFrom } from './editorGuard';

function identity(pid: number): ProcessIdentity {
  return { pid, start: processStartTime(pid) };
}

export function callerProcess(env: NodeJS.ProcessEnv = process.env): ProcessIdentity {
  const editor = editorFrom(env[CLI_ENV.editorPid]);
  if (editor !== undefined) return identity(editor.pid);
  const session = readProcStat(process.pid)?.session;
  if (session !== undefined && session > 1 && session !== process.pid && isAlive(identity(session))) return identity(session);
  return identity(process.ppid);
}
