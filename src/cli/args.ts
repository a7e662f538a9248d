/**
 * The command line of `port-zero`, checked: a subcommand, its flags
 * (`--name web` or `--name=web`) and its operand. Nothing here touches a
 * port or a process, so every mistake is reported before anything happens,
 * in the words of the flag the user typed.
 */
import { ALLOCATION_HOSTS, isAllocationHost } from '../engine/ports/allocator';
import { isPortName, PORT_NAME_RULE } from '../engine/ports/freePortArgs';
import { isNameScope, NAME_SCOPES, NameScope } from '../engine/ports/nameScope';
import { parsePortRange } from '../engine/ports/portRange';
import { MAX_RESERVATION_SECONDS } from '../engine/ports/reservationTime';
import { parsePortQuery, PortQuery, PortQueryProblem } from '../engine/sockets/portHolders';

export type Subcommand = 'port' | 'ls' | 'stop';
export const SUBCOMMANDS: readonly Subcommand[] = ['port', 'ls', 'stop'];

export interface PortArgs {
  readonly command: 'port';
  readonly name?: string;
  /** Whose the name is, as freePort's `scope`: this workspace's (the default) or the user's. */
  readonly scope?: NameScope;
  readonly host?: string;
  /** As typed, `first-last`; checked here, turned into a range by the freePort args parser. */
  readonly range?: string;
  readonly ttlSeconds?: number;
}

export interface LsArgs {
  readonly command: 'ls';
  readonly all: boolean;
  readonly json: boolean;
  readonly port?: number;
}

export interface StopArgs {
  readonly command: 'stop';
  /** `8080`, `127.0.0.1:8080`, `[::1]:8080` or `localhost:8080`, as Stop the Process on a Port takes it. */
  readonly query: PortQuery;
  readonly yes: boolean;
}

/** `topic`: the subcommand whose help was asked for, none for the overview. */
export interface HelpArgs {
  readonly command: 'help';
  readonly topic?: Subcommand;
}

export type CliArgs = PortArgs | LsArgs | StopArgs | HelpArgs;

/** Bad usage: exit code 2, the message and a pointer to `--help`. */
export class UsageError extends Error {
  constructor(message: string, readonly topic?: Subcommand) {
    super(message);
  }
}

const VALUE_FLAGS: Record<Subcommand, readonly string[]> = { port: ['name', 'scope', 'host', 'range', 'ttl'], ls: ['port'], stop: [] };
const BOOLEAN_FLAGS: Record<Subcommand, readonly string[]> = { port: [], ls: ['all', 'json'], stop: ['yes'] };

function isSubcommand(word: string): word is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(word);
}

/** A TCP port number as typed: digits only, 1-65535. */
export function parsePortNumber(text: string, what: string, topic?: Subcommand): number {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${what} must be a port number like 8080, not "${text}".`, topic);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new UsageError(`${what} must be between 1 and 65535, not ${text}.`, topic);
  return port;
}

interface Split {
  readonly values: Map<string, string>;
  readonly flags: Set<string>;
  readonly operands: string[];
  readonly help: boolean;
}

/** Separates flags from operands; a flag the subcommand does not take is an error naming the ones it does. */
function split(command: Subcommand, words: readonly string[]): Split {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const operands: string[] = [];
  let help = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === '--') {
      operands.push(...words.slice(i + 1));
      break;
    }
    if (word === '--help' || word === '-h') {
      help = true;
      continue;
    }
    if (!word.startsWith('-') || /^-\d/.test(word)) {
      operands.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const flag = word.slice(word.startsWith('--') ? 2 : 1, eq < 0 ? undefined : eq);
    if (VALUE_FLAGS[command].includes(flag)) {
      const value = eq < 0 ? words[++i] : word.slice(eq + 1);
      if (value === undefined) throw new UsageError(`--${flag} needs a value.`, command);
      if (values.has(flag)) throw new UsageError(`--${flag} is given twice.`, command);
      values.set(flag, value);
    } else if (BOOLEAN_FLAGS[command].includes(flag) && eq < 0) {
      flags.add(flag);
    } else {
      const takes = [...VALUE_FLAGS[command], ...BOOLEAN_FLAGS[command], 'help'].map((f) => `--${f}`).join(', ');
      throw new UsageError(`port-zero ${command} has no option ${word}; it takes ${takes}.`, command);
    }
  }
  return { values, flags, operands, help };
}

function noOperands(command: Subcommand, operands: readonly string[]): void {
  if (operands.length > 0) throw new UsageError(`port-zero ${command} takes no argument "${operands[0]}".`, command);
}

function portArgs(s: Split): PortArgs {
  noOperands('port', s.operands);
  const name = s.values.get('name');
  if (name !== undefined && !isPortName(name)) throw new UsageError(`--name ${PORT_NAME_RULE}, like "web"; got ${JSON.stringify(name)}.`, 'port');
  const scope = s.values.get('scope');
  if (scope !== undefined && !isNameScope(scope)) throw new UsageError(`--scope must be ${NAME_SCOPES.join(' or ')}, not "${scope}".`, 'port');
  if (scope !== undefined && name === undefined) throw new UsageError('--scope says whose a --name is: add --name, like --name web, or leave --scope out.', 'port');
  const host = s.values.get('host');
  if (host !== undefined && !isAllocationHost(host)) throw new UsageError(`--host must be one of ${ALLOCATION_HOSTS.join(', ')}, not "${host}".`, 'port');
  const range = s.values.get('range');
  const parsed = range === undefined ? {} : parsePortRange(range, '--range');
  if (parsed.error) throw new UsageError(parsed.error, 'port');
  const ttl = s.values.get('ttl');
  let ttlSeconds: number | undefined;
  if (ttl !== undefined) {
    if (!/^\d+$/.test(ttl) || Number(ttl) < 1 || Number(ttl) > MAX_RESERVATION_SECONDS) {
      throw new UsageError(`--ttl must be a whole number of seconds from 1 to ${MAX_RESERVATION_SECONDS}, not "${ttl}".`, 'port');
    }
    ttlSeconds = Number(ttl);
  }
  return { command: 'port', name, scope: scope as NameScope | undefined, host, range, ttlSeconds };
}

function lsArgs(s: Split): LsArgs {
  noOperands('ls', s.operands);
  const port = s.values.get('port');
  return { command: 'ls', all: s.flags.has('all'), json: s.flags.has('json'), port: port === undefined ? undefined : parsePortNumber(port, '--port', 'ls') };
}

function queryProblem(problem: PortQueryProblem, text: string): string {
  switch (problem) {
    case 'empty': return 'port-zero stop needs the port to free, like: port-zero stop 8080.';
    case 'notAPort': return `The port must be a port number like 8080 (or 127.0.0.1:8080, [::1]:8080), not "${text}".`;
    case 'portOutOfRange': return `The port must be between 1 and 65535, not "${text}".`;
    case 'notAnAddress': return `Before the colon, give an IP address of this machine (127.0.0.1, [::1]) or localhost, not "${text}".`;
    case 'ipv6WithoutBrackets': return `Put an IPv6 address in brackets, like [::1]:8080, not "${text}".`;
  }
}

function stopArgs(s: Split): StopArgs {
  if (s.operands.length === 0) throw new UsageError(queryProblem('empty', ''), 'stop');
  if (s.operands.length > 1) throw new UsageError(`port-zero stop takes one port, not ${s.operands.length} ("${s.operands.join('", "')}").`, 'stop');
  const query = parsePortQuery(s.operands[0]);
  if (typeof query !== 'object') throw new UsageError(queryProblem(query, s.operands[0]), 'stop');
  return { command: 'stop', query, yes: s.flags.has('yes') };
}

/** `argv` without node and the script: `['port', '--name', 'web']`. Throws UsageError. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = rest[0];
    return { command: 'help', topic: topic !== undefined && isSubcommand(topic) ? topic : undefined };
  }
  if (!isSubcommand(first)) {
    throw new UsageError(`"${first}" is not a port-zero command; the commands are ${SUBCOMMANDS.join(', ')}.`);
  }
  const s = split(first, rest);
  if (s.help) return { command: 'help', topic: first };
  if (first === 'port') return portArgs(s);
  if (first === 'ls') return lsArgs(s);
  return stopArgs(s);
}
