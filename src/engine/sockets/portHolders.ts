/**
 * "What holds port 5173?": the text a user types to name a port (`5173`,
 * `127.0.0.1:5173`, `[::1]:5173`, `localhost:5173`) and the processes whose
 * listening or bound sockets answer it. The same question `lsof -i :5173`
 * and the kill-port tools answer; Stop the Process on a Port asks it.
 */
import type { ProcessInfo } from '../proc/processInfo';
import { formatEndpoint, parseEndpoint } from './address';
import { isListener, Snapshot, Socket } from './socket';

export interface PortQuery {
  readonly port: number;
  /** Canonical address text (`::1`, `127.0.0.1`) or `localhost`; absent: any address. */
  readonly host?: string;
}

/** Why text is not a port query, for the adapter to word. */
export type PortQueryProblem = 'empty' | 'notAPort' | 'portOutOfRange' | 'notAnAddress' | 'ipv6WithoutBrackets';

export function parsePortQuery(input: string | number): PortQuery | PortQueryProblem {
  const text = String(input).trim();
  if (text === '') return 'empty';
  let hostText: string | undefined;
  let portText = text;
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(text);
  if (bracketed) {
    [, hostText, portText] = bracketed;
  } else if (text.includes(':')) {
    const colon = text.lastIndexOf(':');
    hostText = text.slice(0, colon);
    portText = text.slice(colon + 1);
    // `::1:5173` could be port 5173 of ::1 or port 1 of ::; browsers and ss require the brackets too.
    if (hostText.includes(':')) return 'ipv6WithoutBrackets';
  }
  if (!/^\d+$/.test(portText)) return 'notAPort';
  const port = Number(portText);
  if (port < 1 || port > 65535) return 'portOutOfRange';
  if (hostText === undefined || hostText === '' || hostText === '*') return { port };
  if (hostText.toLowerCase() === 'localhost') return { port, host: 'localhost' };
  const endpoint = parseEndpoint(hostText, port, hostText.includes(':') ? 6 : 4);
  return endpoint === undefined ? 'notAnAddress' : { port, host: endpoint.address };
}

export function formatPortQuery(query: PortQuery): string {
  return query.host === undefined ? String(query.port) : formatEndpoint({ address: query.host, port: query.port });
}

/** Whether a listener bound at `socket.local` takes connections to the query's address. */
function answers(query: PortQuery, socket: Socket): boolean {
  if (socket.local.port !== query.port) return false;
  if (query.host === undefined || socket.local.wildcard) return true;
  if (query.host === 'localhost') return socket.local.loopback;
  return socket.local.address === query.host;
}

export interface PortHolder {
  readonly pid: number;
  /** Undefined when the snapshot has the pid but could not read the process. */
  readonly process?: ProcessInfo;
  readonly sockets: readonly Socket[];
}

export interface PortHolders {
  readonly holders: readonly PortHolder[];
  /** Sockets whose process can't be seen (another user's, where /proc hides its descriptors): nothing to stop. */
  readonly unowned: readonly Socket[];
}

export function portHolders(snapshot: Snapshot, query: PortQuery): PortHolders {
  const byPid = new Map<number, Socket[]>();
  const unowned: Socket[] = [];
  for (const socket of snapshot.sockets) {
    if (!isListener(socket) || !answers(query, socket)) continue;
    if (socket.pid === undefined) unowned.push(socket);
    else byPid.set(socket.pid, [...(byPid.get(socket.pid) ?? []), socket]);
  }
  const holders = [...byPid].sort(([a], [b]) => a - b).map(([pid, sockets]) => ({ pid, process: snapshot.processes.get(pid), sockets }));
  return { holders, unowned };
}
