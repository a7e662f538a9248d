/**
 * `port-zero port`: one free port, reserved in the same store and by the same
 * rules as `${command:freePort}`. The flags become the same `args` object a
 * tasks.json input passes, checked by the same parser (parseFreePortArgs), so
 * a name means here what it means there.
 */
import { DEFAULT_RESERVATION_MS, NoFreePortError, PortAllocator } from '../engine/ports/allocator';
import { parseFreePortArgs } from '../engine/ports/freePortArgs';
import { parsePortRange } from '../engine/ports/portRange';
import { isReservationSeconds, RESERVATION_SECONDS_RULE } from '../engine/ports/reservationTime';
import { PortArgs, UsageError } from './args';
import { callerProcess } from './callerProcess';
import { CLI_ENV } from '../engine/cliEnvironment';
import { createSocketSource } from '../engine/sockets/createSocketSource';
import { Endpoint, ownTcpListeners } from '../engine/sockets/socket';
import type { CliResult } from './cliResult';
import { EXIT } from './help';

/** The range and reservation time in force: flags first, then what VS Code put in the terminal's environment. */
export function effectiveSettings(args: PortArgs, env: NodeJS.ProcessEnv): { range?: string; reservationMs: number } {
  let range = args.range;
  if (range === undefined && env[CLI_ENV.range] !== undefined) {
    const fromEnv = parsePortRange(env[CLI_ENV.range], CLI_ENV.range);
    if (fromEnv.error) throw new UsageError(`${fromEnv.error} Fix or unset ${CLI_ENV.range}, or pass --range.`, 'port');
    range = fromEnv.range && `${fromEnv.range.first}-${fromEnv.range.last}`;
  }
  if (args.ttlSeconds !== undefined) return { range, reservationMs: args.ttlSeconds * 1000 };
  const text = env[CLI_ENV.reservationSeconds];
  if (text === undefined || text === '') return { range, reservationMs: DEFAULT_RESERVATION_MS };
  const seconds = Number(text);
  if (!isReservationSeconds(seconds)) {
    throw new UsageError(`${CLI_ENV.reservationSeconds} must be ${RESERVATION_SECONDS_RULE}, not "${text}"; fix or unset it, or pass --ttl.`, 'port');
  }
  return { range, reservationMs: Math.round(seconds * 1000) };
}

/**
 * The workspace a name belongs to unless `--scope user`: the VS Code window's
 * (what `${command:freePort}` uses in that window), else the directory the
 * command runs in, which names the same workspace when run from its folder.
 */
export function cliWorkspace(env: NodeJS.ProcessEnv, cwd = process.cwd()): string | undefined {
  const fromEditor = env[CLI_ENV.workspace];
  if (fromEditor !== undefined) return fromEditor === '' ? undefined : fromEditor;
  return cwd;
}

/** This user's TCP listeners, read only when a name's reservation lapsed (see PortAllocator). */
async function ownListeners(): Promise<Endpoint[]> {
  const source = createSocketSource({ inThread: true });
  try {
    return ownTcpListeners((await source.snapshot({ listenersOnly: true })).sockets);
  } finally {
    source.dispose?.();
  }
}

export async function runPort(
  args: PortArgs,
  env: NodeJS.ProcessEnv = process.env,
  owner = callerProcess(env),
  makeAllocator: (warn: (message: string) => void) => PortAllocator = (warn) => PortAllocator.forCurrentUser(warn, () => owner, ownListeners),
): Promise<CliResult> {
  const { range, reservationMs } = effectiveSettings(args, env);
  const { scope, ...request } = parseFreePortArgs(Object.fromEntries(Object.entries({ name: args.name, scope: args.scope, host: args.host, range }).filter(([, v]) => v !== undefined)));
  const workspace = request.name !== undefined && scope !== 'user' ? cliWorkspace(env) : undefined;
  const warnings: string[] = [];
  try {
    const port = await makeAllocator((message) => warnings.push(message)).allocate({ ...request, ...(workspace === undefined ? {} : { workspace }), reservationMs });
    return { code: EXIT.ok, stdout: `${port}\n`, stderr: warnings.map((w) => `port-zero: ${w}\n`).join('') };
  } catch (e) {
    if (!(e instanceof NoFreePortError)) throw e;
    return { code: EXIT.nothing, stderr: `port-zero: ${e.message} From the shell: --range A-B, or ${CLI_ENV.range}.\n` };
  }
}
