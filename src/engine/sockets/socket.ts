/**
 * The socket table's data model: what the kernel knows about one socket, in
 * the words people use for it. Every source (procfs, systeminformation) fills
 * these same shapes; fields a platform cannot know stay undefined.
 */
import type { ProcessInfo } from '../proc/processInfo';

export type Protocol = 'tcp' | 'udp';
export type Family = 4 | 6;

/** TCP states as the kernel names them; UDP sockets are `BOUND` or `CONNECTED`. */
export type SocketState =
  | 'ESTABLISHED' | 'SYN_SENT' | 'SYN_RECV' | 'FIN_WAIT1' | 'FIN_WAIT2' | 'TIME_WAIT'
  | 'CLOSE' | 'CLOSE_WAIT' | 'LAST_ACK' | 'LISTEN' | 'CLOSING' | 'NEW_SYN_RECV'
  | 'BOUND' | 'CONNECTED' | 'UNKNOWN';

export interface Endpoint {
  /** As people write it: IPv4 dotted, IPv6 compressed (RFC 5952), v4-mapped shown as IPv4. */
  readonly address: string;
  readonly port: number;
  /** Wildcard bind (0.0.0.0 or ::), kept distinct from loopback. */
  readonly wildcard: boolean;
  readonly loopback: boolean;
  /** An IPv6 socket whose address is IPv4-mapped (::ffff:a.b.c.d) or the :: wildcard. */
  readonly dualStack: boolean;
}

export interface Socket {
  /** Stable across snapshots while the socket lives (inode on Linux). */
  readonly id: string;
  readonly protocol: Protocol;
  readonly family: Family;
  readonly state: SocketState;
  readonly local: Endpoint;
  /** Absent for listeners and unconnected UDP. */
  readonly peer?: Endpoint;
  readonly inode?: number;
  readonly uid?: number;
  /**
   * Absent when the owner cannot be known (another user's process, vanished
   * mid-scan). When several processes hold the socket (pre-fork servers,
   * inherited descriptors) the lowest pid, usually the one that opened it.
   */
  readonly pid?: number;
}

export interface Snapshot {
  readonly takenAt: number;
  readonly sockets: readonly Socket[];
  /** Sockets' owners and their ancestors (which tell, say, the terminal that started an owner). */
  readonly processes: ReadonlyMap<number, ProcessInfo>;
  /** Lines of kernel text that could not be parsed: skipped and counted, never thrown. */
  readonly skippedLines: number;
}

export interface SnapshotOptions {
  /**
   * Only listening (TCP) and bound, unconnected (UDP) sockets: what the Ports
   * view shows by default and what reservations wait for. A source may skip
   * every other row unread, which on a machine with many connections is most
   * of the cost; one that cannot may return them anyway.
   */
  readonly listenersOnly?: boolean;
}

export interface SocketSource {
  /** The whole table with owning processes. */
  snapshot(options?: SnapshotOptions): Promise<Snapshot>;
  /** Sockets held by these pids or any of their descendants; cheap, for a waiting launch. */
  socketsOfTree(rootPids: readonly number[], options?: SnapshotOptions): Promise<Snapshot>;
  /** Ends what the source owns (a worker thread); sources that own nothing leave it out. */
  dispose?(): void;
}

/** Listening (TCP) or bound and unconnected (UDP): the rows the Ports view shows by default. */
export function isListener(socket: Pick<Socket, 'state'>): boolean {
  return socket.state === 'LISTEN' || socket.state === 'BOUND';
}

/** A TCP socket accepting connections: the only kind that serves a page or answers for a launch. */
export function isTcpListener(socket: Pick<Socket, 'protocol' | 'state'>): boolean {
  return socket.protocol === 'tcp' && socket.state === 'LISTEN';
}

/**
 * Where this user's TCP listeners are bound: what a reservation for the user
 * is released or kept by. Another user's process or a UDP socket on the same
 * port is not the caller the port was reserved for.
 */
export function ownTcpListeners(sockets: readonly Socket[], uid = process.getuid?.()): Endpoint[] {
  return sockets.filter((s) => isTcpListener(s) && (uid === undefined || s.uid === undefined || s.uid === uid)).map((s) => s.local);
}
