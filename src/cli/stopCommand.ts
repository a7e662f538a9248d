/**
 * `port-zero stop PORT`: ends what listens on PORT under the Sockets view's
 * rules (engine/proc/stopPolicy.ts): never VS Code itself, never a pid
 * namespace's init, never another user's process, pid and start time
 * checked before every signal (engine/proc/processStop.ts), the clean
 * request first and force only as a second, agreed step. Agreement is asked
 * on a terminal; without one (a script, a pipe) only --yes gives it.
 */
import type { ProcessInfo } from '../engine/proc/processInfo';
import { printable } from '../engine/proc/printable';
import { currentUser, CurrentUser } from '../engine/proc/processOwner';
import { forceKill, terminate } from '../engine/proc/processStop';
import { stopWithConsent } from '../engine/proc/stopPolicy';
import { readProcessTable } from '../engine/proc/processTable';
import { createSocketSource } from '../engine/sockets/createSocketSource';
import { formatPortQuery, portHolders } from '../engine/sockets/portHolders';
import type { SocketSource } from '../engine/sockets/socket';
import { userName } from '../engine/proc/userNames';
import { containersOnPort } from '../engine/containers/publishedPorts';
import type { StopArgs } from './args';
import { containerReader, ContainerReader, stopContainers } from './cliContainers';
import { CLI_ENV } from '../engine/cliEnvironment';
import type { CliResult } from './cliResult';
import { editorFrom, Protected, readProtectedProcesses } from './editorGuard';
import { EXIT } from './help';

export interface StopDeps {
  readonly source: SocketSource;
  /** Whether stopping a process would stop VS Code or the shell that ran us. */
  readonly guard: () => Promise<Protected>;
  /** Asks a yes/no question on the terminal; undefined when there is none to ask on. */
  readonly ask?: (question: string) => Promise<boolean>;
  readonly me: CurrentUser;
  readonly terminate: typeof terminate;
  readonly forceKill: typeof forceKill;
  /** The local container engine: a port a container publishes is stopped as the container. */
  readonly containers?: ContainerReader;
}

export function defaultStopDeps(env: NodeJS.ProcessEnv, ask: StopDeps['ask']): StopDeps {
  return {
    source: createSocketSource({ inThread: true }),
    guard: () => readProtectedProcesses(() => readProcessTable(), editorFrom(env[CLI_ENV.editorPid])),
    ask,
    me: currentUser(),
    terminate,
    forceKill,
    containers: containerReader(),
  };
}

const FORCE = process.platform === 'win32' ? 'taskkill /F' : 'SIGKILL';

type Say = (line: string, stream?: 'out' | 'err') => void;

async function stopOne(p: ProcessInfo, socketUid: number | undefined, args: StopArgs, deps: StopDeps, guarded: Protected, say: Say): Promise<boolean> {
  const label = `${printable(p.commandLine ?? p.name)} (pid ${p.pid})`;
  const where = formatPortQuery(args.query);
  const verdict = await stopWithConsent(p, { isEditor: guarded, me: deps.me, socketUid, terminate: deps.terminate, forceKill: deps.forceKill }, {
    confirm: async (owner) => {
      if (args.yes) return true;
      if (deps.ask === undefined) return say(`port-zero: not stopping ${label} without asking; run port-zero stop ${where} --yes to stop it.`), false;
      const note = owner === 'unknown' ? ' (its owner could not be read)' : '';
      if (await deps.ask(`Stop ${label}${note}, which listens on ${where}? [y/N] `)) return true;
      return say(`port-zero: left ${label} running.`), false;
    },
    confirmForce: async () => args.yes || (await deps.ask!(`${label} is still running. Force it to stop (${FORCE}, no cleanup)? [y/N] `)),
  });
  switch (verdict) {
    case 'editor': return say(`port-zero: never stops VS Code itself or the shell that ran it: ${label} is one of them.`), false;
    case 'init': return say(`port-zero: never stops ${label}: it is the first process of its system or container, and everything there, the editor too, would end with it.`), false;
    case 'notYours': return say(`port-zero: stops only your own processes: ${label} belongs to another user.`), false;
    case 'declined': return false;
    case 'exited': return say(`stopped ${label}`, 'out'), true;
    case 'gone': return say(`${label} had already exited`, 'out'), true;
    case 'denied': return say(`port-zero: the system refused to stop ${label}: it belongs to another user or runs with more rights.`), false;
    default: return say(`port-zero: ${label} is still running.`), false;
  }
}

export async function runStop(args: StopArgs, deps: StopDeps): Promise<CliResult> {
  let snapshot;
  let published;
  try {
    [snapshot, published] = await Promise.all([deps.source.snapshot({ listenersOnly: true }), deps.containers?.list()]);
  } finally {
    deps.source.dispose?.();
  }
  const { holders, unowned } = portHolders(snapshot, args.query);
  const where = formatPortQuery(args.query);
  const out: string[] = [];
  const err: string[] = [];
  const say: Say = (line, stream = 'err') => void (stream === 'out' ? out : err).push(`${line}\n`);
  const containers = containersOnPort(published, args.query);
  if (containers.length > 0) {
    // Its forwarder (docker-proxy) is never signalled: that would break the port and leave the container running.
    const stopped = await stopContainers(containers, where, args.yes, deps.containers!, deps.ask, say).finally(() => deps.containers!.dispose());
    return { code: stopped ? EXIT.ok : EXIT.nothing, stdout: out.join(''), stderr: err.join('') };
  }
  deps.containers?.dispose();
  if (holders.length === 0 && unowned.length === 0) return { code: EXIT.nothing, stderr: `port-zero: nothing listens on ${where}.\n` };
  if (unowned.length > 0) {
    const owners = [...new Set(unowned.map((s) => (s.uid === undefined ? 'another user' : userName(s.uid))))];
    say(`port-zero: ${where} is also held by a process Port Zero cannot see (${owners.join(', ')}); it is left alone.`);
  }
  let stoppedAll = holders.length > 0;
  const guarded = await deps.guard();
  for (const holder of holders) {
    const p = holder.process;
    const stopped = p === undefined
      ? (say(`port-zero: ${where} is held by process ${holder.pid}, which Port Zero can't read: it may have just exited.`), false)
      : await stopOne(p, holder.sockets[0]?.uid, args, deps, guarded, say);
    if (!stopped) stoppedAll = false;
  }
  return { code: stoppedAll ? EXIT.ok : EXIT.nothing, stdout: out.join(''), stderr: err.join('') };
}
