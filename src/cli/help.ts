/**
 * `port-zero --help` and each subcommand's help, and the exit codes they promise.
 */
import type { Subcommand } from './args';
import { CLI_ENV } from '../engine/cliEnvironment';

/** Exit codes, the same for every subcommand (ss, lsof and kill-port use 0 and 1 alike). */
export const EXIT = { ok: 0, nothing: 1, usage: 2 } as const;

const EXIT_CODES = `Exit codes: 0 done; 1 nothing found, no free port, or refused; 2 bad usage.`;

const OVERVIEW = `Usage: port-zero <command> [options]

Port Zero's reservations and socket table from the shell: the same store
as \${command:freePort} in VS Code, so neither hands out a port the other
has reserved.

Commands:
  port   print one free port, reserved for you
  ls     list listening sockets and their processes
  stop   stop the process that holds a port

Run port-zero <command> --help for its options.
${EXIT_CODES}`;

const PORT = `Usage: port-zero port [--name NAME [--scope workspace|user]] [--host H] [--range A-B] [--ttl SECONDS]

Prints one free port and reserves it: no Port Zero caller (VS Code's
\${command:freePort}, a launch, another port-zero) gets it while the
reservation lives: until --ttl seconds pass, VS Code sees it listening, or its
owner ends (the VS Code window of this terminal; elsewhere on Linux the
terminal session, else the calling process), whichever comes first.

  --name NAME      same name, same port while its reservation lives (and renews it)
  --scope S        whose the name is: workspace (default: the VS Code window's
                   workspace, $${CLI_ENV.workspace}, else the current directory)
                   or user (one port for every workspace)
  --host H         127.0.0.1 (default), ::1, 0.0.0.0, ::, or localhost (both loopbacks)
  --range A-B      pick from A-B, e.g. 20000-20999; default $${CLI_ENV.range}
                   (set in VS Code's terminals from portZero.portRange), else the
                   system's ephemeral range
  --ttl SECONDS    how long it stays reserved; default $${CLI_ENV.reservationSeconds}
                   (from portZero.reservationSeconds), else 30

Example: PORT=$(port-zero port --name web) npm run dev
${EXIT_CODES}`;

const LS = `Usage: port-zero ls [--all] [--json] [--port N]

Lists the machine's listening sockets (TCP LISTEN, bound UDP) with the
process that holds each, like the Sockets view.

  --all       connections too
  --json      one JSON array, for scripts
  --port N    only sockets whose local (or, with --all, peer) port is N

${EXIT_CODES} (1: no socket matched)`;

const STOP = `Usage: port-zero stop PORT [--yes]

Stops the processes listening on PORT with SIGTERM; if one is still running
a few seconds later, asks before SIGKILL (on Windows taskkill /T, then
/T /F). As in the Sockets view it never stops VS Code itself or another
user's process. On a terminal it asks first; otherwise it refuses unless
--yes is given.

  --yes    stop without asking, and by force if SIGTERM is not enough

${EXIT_CODES}`;

export function helpText(topic?: Subcommand): string {
  if (topic === 'port') return PORT;
  if (topic === 'ls') return LS;
  if (topic === 'stop') return STOP;
  return OVERVIEW;
}
