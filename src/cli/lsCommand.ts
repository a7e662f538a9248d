/**
 * `port-zero ls`: the socket table the Sockets view shows, read by the same
 * engine (procfs on Linux, systeminformation elsewhere), as a table for
 * people or JSON for scripts. Listeners only unless --all, as in the view.
 */
import type { ProcessInfo } from '../engine/proc/processInfo';
import { printable } from '../engine/proc/printable';
import { formatEndpoint } from '../engine/sockets/address';
import { createSocketSource } from '../engine/sockets/createSocketSource';
import { Endpoint, isListener, Snapshot, Socket, SocketSource } from '../engine/sockets/socket';
import { socketDescription } from '../engine/view/socketRow';
import type { ContainerList } from '../engine/containers/container';
import { containerOfSocket } from '../engine/containers/publishedPorts';
import type { LsArgs } from './args';
import { containerJson, ContainerJson, containerName, containerReader, ContainerReader } from './cliContainers';
import type { CliResult } from './cliResult';
import { EXIT } from './help';

/** One row of `ls --json`: the socket, and its process where it can be read. */
export interface SocketJson {
  protocol: Socket['protocol'];
  family: Socket['family'];
  state: Socket['state'];
  local: { address: string; port: number };
  peer?: { address: string; port: number };
  pid?: number;
  uid?: number;
  process?: { name: string; commandLine?: string; cwd?: string; user?: string };
  /** The container whose published port this listener is (the process is then the engine's forwarder). */
  container?: ContainerJson;
}

function endpointJson(e: Endpoint): { address: string; port: number } {
  return { address: e.address, port: e.port };
}

export function toJson(socket: Socket, process: ProcessInfo | undefined): SocketJson {
  return {
    protocol: socket.protocol,
    family: socket.family,
    state: socket.state,
    local: endpointJson(socket.local),
    ...(socket.peer ? { peer: endpointJson(socket.peer) } : {}),
    ...(socket.pid !== undefined ? { pid: socket.pid } : {}),
    ...(socket.uid !== undefined ? { uid: socket.uid } : {}),
    ...(process ? { process: { name: process.name, commandLine: process.commandLine, cwd: process.cwd, user: process.user } } : {}),
  };
}

/** The rows `args` asks for, in port order. */
export function selectSockets(snapshot: Snapshot, args: Pick<LsArgs, 'all' | 'port'>): Socket[] {
  return snapshot.sockets
    .filter((s) => args.all || isListener(s))
    .filter((s) => args.port === undefined || s.local.port === args.port || (args.all && s.peer?.port === args.port))
    .sort((a, b) => a.local.port - b.local.port || a.protocol.localeCompare(b.protocol) || a.family - b.family || (a.pid ?? 0) - (b.pid ?? 0));
}

/** A container's published port is named after the container, not the forwarder that holds it. */
function processText(socket: Socket, process: ProcessInfo | undefined, containers: ContainerList | undefined): string {
  const published = isListener(socket) ? containerOfSocket(containers, socket) : undefined;
  if (published) return `container ${containerName(published.container)}`;
  return process ? process.commandLine ?? process.name : '-';
}

/** Columns padded to their widest cell, as ss and lsof print them. */
export function formatTable(sockets: readonly Socket[], processes: ReadonlyMap<number, ProcessInfo>, withPeer: boolean, containers?: ContainerList): string {
  const header = ['STATE', 'LOCAL', ...(withPeer ? ['PEER'] : []), 'PID', 'PROCESS'];
  const rows = sockets.map((s) => {
    const process = s.pid === undefined ? undefined : processes.get(s.pid);
    return [
      socketDescription(s),
      formatEndpoint(s.local),
      ...(withPeer ? [s.peer ? formatEndpoint(s.peer) : '*'] : []),
      s.pid === undefined ? '-' : String(s.pid),
      printable(processText(s, process, containers)),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

export async function runLs(args: LsArgs, source: SocketSource = createSocketSource({ inThread: true }), reader: Pick<ContainerReader, 'list' | 'dispose'> = containerReader()): Promise<CliResult> {
  let snapshot: Snapshot;
  let containers: ContainerList | undefined;
  try {
    [snapshot, containers] = await Promise.all([source.snapshot({ listenersOnly: !args.all }), reader.list()]);
  } finally {
    source.dispose?.();
    reader.dispose();
  }
  const sockets = selectSockets(snapshot, args);
  const code = sockets.length > 0 ? EXIT.ok : EXIT.nothing;
  if (args.json) {
    const json = sockets.map((s) => {
      const row = toJson(s, s.pid === undefined ? undefined : snapshot.processes.get(s.pid));
      const published = containers && isListener(s) ? containerOfSocket(containers, s) : undefined;
      return published ? { ...row, container: containerJson(published, containers!) } : row;
    });
    return { code, stdout: `${JSON.stringify(json, null, 2)}\n` };
  }
  if (sockets.length === 0) {
    return { code, stderr: `port-zero: no ${args.all ? 'socket' : 'listening socket'}${args.port === undefined ? '' : ` on port ${args.port}`}.${args.all ? '' : ' port-zero ls --all shows connections too.'}\n` };
  }
  return { code, stdout: formatTable(sockets, snapshot.processes, args.all, containers) };
}
