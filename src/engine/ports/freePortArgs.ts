/**
 * The `args` of `freePort` (and the flags of `port-zero port`, which become
 * the same object): checked, with messages that say what to fix.
 */
import { ALLOCATION_HOSTS, AllocateRequest, isAllocationHost } from './allocator';
import { isNameScope, NameScope } from './nameScope';
import { parsePortRange } from './portRange';

/**
 * A request as the caller wrote it: the name's scope still to be turned into
 * the workspace it means, which only the caller knows (the editor's window,
 * a terminal's folder).
 */
export type FreePortRequest = Omit<AllocateRequest, 'reservationMs' | 'workspace'> & { scope?: NameScope };

const KEYS = ['host', 'name', 'range', 'scope'];
/** Name files are named by the name's base64 (4/3 longer), under the 255-byte file-name limit. */
const MAX_NAME_BYTES = 150;


/** How a port name is checked wherever one is given (freePort args, a task's portName). */
export const PORT_NAME_RULE = `must be a non-empty string of at most ${MAX_NAME_BYTES} bytes without control characters`;

export function isPortName(value: unknown): value is string {
  // eslint-disable-next-line no-control-regex
  return typeof value === 'string' && value.trim() !== '' && Buffer.byteLength(value) <= MAX_NAME_BYTES && !/[\x00-\x1f\x7f]/.test(value);
}

/**
 * Checks the args object given to `freePort` (in tasks.json/launch.json,
 * from an `inputs` entry of type `command`) and turns it into a request.
 * The object is `{ host?, name?, range?, scope? }`: `range` is "first-last"
 * and overrides the portZero.portRange setting; `scope` says whose the name
 * is ("workspace" when left out).
 * Throws an Error whose message says what to fix: that text is what VS Code
 * shows when resolving `${input:…}` fails.
 */
export function parseFreePortArgs(value: unknown): FreePortRequest {
  const problem = (what: string): Error => new Error(`Port Zero freePort: ${what}`);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw problem(`"args" must be an object like { "name": "web" }, not ${JSON.stringify(value)}.`);
  }
  const args = value as Record<string, unknown>;
  const unknown = Object.keys(args).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0) {
    throw problem(`unknown ${unknown.map((k) => `"${k}"`).join(', ')} in "args"; it takes ${KEYS.map((k) => `"${k}"`).join(', ')}.`);
  }
  const request: FreePortRequest = {};
  if (args.host !== undefined) {
    if (!isAllocationHost(args.host)) {
      throw problem(`"host" must be one of ${ALLOCATION_HOSTS.map((h) => `"${h}"`).join(', ')}, not ${JSON.stringify(args.host)}.`);
    }
    request.host = args.host;
  }
  if (args.name !== undefined) {
    if (!isPortName(args.name)) throw problem(`"name" ${PORT_NAME_RULE}, like "web"; got ${JSON.stringify(args.name)}.`);
    request.name = args.name;
  }
  if (args.range !== undefined) {
    const parsed = parsePortRange(args.range, '"range"');
    if (parsed.error) throw problem(parsed.error);
    request.range = parsed.range;
  }
  if (args.scope !== undefined) {
    if (!isNameScope(args.scope)) {
      throw problem(`"scope" must be "workspace" (the default: a port of this workspace's own) or "user" (one port for every workspace), not ${JSON.stringify(args.scope)}.`);
    }
    if (request.name === undefined) throw problem('"scope" says whose a "name" is: add a "name" like "web", or remove "scope".');
    request.scope = args.scope;
  }
  return request;
}
