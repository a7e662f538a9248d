import { parseEndpoint } from '../../../../src/engine/sockets/address';
import type { Family, Protocol, Snapshot, Socket, SocketState } from '../../../../src/engine/sockets/socket';
import type { ProcessInfo } from '../../../../src/engine/proc/processInfo';

/** Hand-built socket tables for the tree's pure parts: `tcp('127.0.0.1', 5173, { pid: 42 })`. */

let nextInode = 1000;

interface SocketOptions {
  pid?: number;
  uid?: number;
  state?: SocketState;
  peer?: [string, number];
  id?: string;
}

function endpointOf(address: string, port: number): Socket['local'] {
  const family: Family = address.includes(':') ? 6 : 4;
  const endpoint = parseEndpoint(address, port, family);
  if (!endpoint) throw new Error(`bad address ${address}`);
  return endpoint;
}

export function socketOf(protocol: Protocol, address: string, port: number, options: SocketOptions = {}): Socket {
  const inode = nextInode++;
  const state = options.state ?? (options.peer ? (protocol === 'tcp' ? 'ESTABLISHED' : 'CONNECTED') : (protocol === 'tcp' ? 'LISTEN' : 'BOUND'));
  return {
    id: options.id ?? String(inode),
    protocol,
    family: address.includes(':') ? 6 : 4,
    state,
    local: endpointOf(address, port),
    peer: options.peer ? endpointOf(options.peer[0], options.peer[1]) : undefined,
    inode,
    uid: options.uid ?? 1000,
    pid: options.pid,
  };
}

export const tcp = (address: string, port: number, options?: SocketOptions): Socket => socketOf('tcp', address, port, options);
export const udp = (address: string, port: number, options?: SocketOptions): Socket => socketOf('udp', address, port, options);

export function processOf(pid: number, name: string, extra: Partial<ProcessInfo> = {}): ProcessInfo {
  return { pid, name, commandLine: `/usr/bin/${name} serve`, cwd: '/home/dev/app', startTime: pid * 10, uid: 1000, ...extra };
}

export function snapshotOf(sockets: readonly Socket[], processes: readonly ProcessInfo[]): Snapshot {
  return { takenAt: 0, sockets, processes: new Map(processes.map((p) => [p.pid, p])), skippedLines: 0 };
}

/** The same table as new objects, as a fresh scan returns it. */
export function rescanned(snapshot: Snapshot): Snapshot {
  return structuredClone(snapshot);
}
