/**
 * VS Code's `remote.portsAttributes`, read the way VS Code reads it, so a
 * label or protocol a user gave a port there means the same in Port Zero.
 * Followed from the workbench's own `PortsAttributes`
 * (src/vs/workbench/services/remote/common/tunnelModel.ts, unchanged through
 * VS Code 1.139):
 * - a key that `Number()` turns into a non-zero number is a port (`"5173"`);
 *   `"3000-3100"` is a range; `"name:5173"` is a host and port; anything else
 *   is a regular expression tested against the process's command line;
 *   an invalid expression is skipped;
 * - entries are sorted by port (a range by its start, a host and port by its
 *   port, an expression last) and every match is applied in that order: an
 *   exact port key overrides what came before, a range, a host and port or an
 *   expression only fills what is still unset;
 * - port and range keys apply only to listeners on loopback or on all
 *   interfaces; a host and port key only to that host.
 * Unlike VS Code, a workspace's or folder's value counts only in a trusted
 * workspace (see portsAttributesValue), and command lines are tested through
 * CommandLinePatterns, which bounds what a pattern may cost.
 * `remote.otherPortsAttributes` (defaults for every other port) is left out:
 * the Ports view lists every port of the machine, and one label on all of them
 * would say nothing.
 */

export type WebProtocol = 'http' | 'https';

export interface PortAttributes {
  readonly label?: string;
  readonly protocol?: WebProtocol;
}

type Key =
  | { readonly kind: 'port'; readonly port: number }
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  | { readonly kind: 'hostAndPort'; readonly host: string; readonly port: number }
  | { readonly kind: 'commandLine'; readonly pattern: RegExp };

interface Rule {
  readonly key: Key;
  readonly attributes: PortAttributes;
}

export interface PortsAttributeRules {
  readonly rules: readonly Rule[];
  /** What was skipped, in words, for the log: VS Code skips the same entries silently. */
  readonly problems: readonly string[];
}

export const noPortsAttributes: PortsAttributeRules = { rules: [], problems: [] };

const RANGE = /^(\d+)-(\d+)$/;
const HOST_AND_PORT = /^([a-z0-9-]+):(\d{1,5})$/;
// As in VS Code's tunnel service: the names these hosts go by in a socket table or a URL.
const LOCALHOST = new Set(['localhost', '127.0.0.1', '0:0:0:0:0:0:0:1', '::1']);
const ALL_INTERFACES = new Set(['0.0.0.0', '0:0:0:0:0:0:0:0', '::']);

function keyOf(text: string): Key | string {
  if (Number(text)) return { kind: 'port', port: Number(text) };
  const range = RANGE.exec(text);
  if (range) return { kind: 'range', start: Number(range[1]), end: Number(range[2]) };
  const hostAndPort = HOST_AND_PORT.exec(text);
  if (hostAndPort) return { kind: 'hostAndPort', host: hostAndPort[1], port: Number(hostAndPort[2]) };
  try {
    return { kind: 'commandLine', pattern: new RegExp(text) };
  } catch (e) {
    return `"${text}" is neither a port, a range nor a valid regular expression (${(e as Error).message})`;
  }
}

function attributesOf(text: string, value: unknown, problems: string[]): PortAttributes {
  if (typeof value !== 'object' || value === null) return {};
  const { label, protocol } = value as { label?: unknown; protocol?: unknown };
  if (protocol !== undefined && protocol !== 'http' && protocol !== 'https') {
    problems.push(`"${text}": protocol ${JSON.stringify(protocol)} is neither "http" nor "https"`);
  }
  return {
    label: typeof label === 'string' && label.trim() !== '' ? label : undefined,
    protocol: protocol === 'http' || protocol === 'https' ? protocol : undefined,
  };
}

function order(key: Key): number {
  return key.kind === 'range' ? key.start : key.kind === 'commandLine' ? Number.MAX_VALUE : key.port;
}

/** The parts of `WorkspaceConfiguration.inspect()` the setting is read from. */
export interface InspectedSetting {
  readonly defaultValue?: unknown;
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** As VS Code merges an object setting across scopes: key by key, objects within objects too, the narrower scope winning. */
function merged(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (!isObject(base) || !isObject(over)) return over;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) result[key] = merged(base[key], value);
  return result;
}

/**
 * The value to parse: the user's own (and the default), and a workspace's and
 * a folder's only when the workspace is trusted. Its patterns run against
 * every command line of the user's processes: an untrusted repository must
 * not choose them.
 */
export function portsAttributesValue(inspected: InspectedSetting | undefined, trusted: boolean): unknown {
  if (inspected === undefined) return undefined;
  const own = merged(inspected.defaultValue, inspected.globalValue);
  return trusted ? merged(merged(own, inspected.workspaceValue), inspected.workspaceFolderValue) : own;
}

/** The setting's value as VS Code hands it over (`unknown`: it is the user's JSON). */
export function parsePortsAttributes(value: unknown): PortsAttributeRules {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return noPortsAttributes;
  const rules: Rule[] = [];
  const problems: string[] = [];
  for (const [text, entry] of Object.entries(value)) {
    const key = keyOf(text);
    if (typeof key === 'string') problems.push(key);
    else rules.push({ key, attributes: attributesOf(text, entry, problems) });
  }
  // Array.prototype.sort is stable: equal keys keep the order the user wrote them in.
  rules.sort((a, b) => order(a.key) - order(b.key));
  return { rules, problems };
}

export interface ListenerFacts {
  readonly port: number;
  /** The listener's address as the socket table shows it (`127.0.0.1`, `::`, `192.168.1.5`). */
  readonly host: string;
  readonly commandLine?: string;
}

/** How a command-line pattern is tested: CommandLinePatterns bounds and remembers it. */
export type PatternTest = (pattern: RegExp, commandLine: string) => boolean;

function matches(key: Key, { port, host, commandLine }: ListenerFacts, test: PatternTest): boolean {
  const anyHost = LOCALHOST.has(host) || ALL_INTERFACES.has(host);
  switch (key.kind) {
    case 'port': return anyHost && key.port === port;
    case 'range': return anyHost && port >= key.start && port <= key.end;
    case 'hostAndPort': return key.port === port && key.host === host;
    case 'commandLine': return commandLine !== undefined && commandLine !== '' && test(key.pattern, commandLine);
  }
}

/** The label and protocol the user gave this listener; empty when no entry matches. */
export function attributesFor(rules: PortsAttributeRules, listener: ListenerFacts, test: PatternTest): PortAttributes {
  let label: string | undefined;
  let protocol: WebProtocol | undefined;
  for (const { key, attributes } of rules.rules) {
    if (!matches(key, listener, test)) continue;
    if (key.kind === 'port') {
      label = attributes.label ?? label;
      // VS Code's own quirk, kept: an exact port entry without a protocol clears one a range set.
      protocol = attributes.protocol;
    } else {
      label ??= attributes.label;
      protocol ??= attributes.protocol;
    }
  }
  return { label, protocol };
}

/** `127.0.0.1:5173 · Vite`: the user's label for a listener after its address or port. */
export function withLabel(text: string, label: string | undefined): string {
  return label === undefined ? text : `${text} · ${label}`;
}
