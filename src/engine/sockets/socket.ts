/**
 * The socket table's data model: what the kernel knows about one socket, in
 * the words people use for it. Every source (procfs, systeminformation) fills
 * these same shapes; fields a platform cannot know stay undefined.
 */

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

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid?: number;
  readonly name: string;
  /** argv joined with spaces; undefined when it cannot be read. */
  readonly commandLine?: string;
  readonly cwd?: string;
  /** Start time in clock ticks since boot (Linux) or ms since epoch elsewhere: identity, not display. */
  readonly startTime?: number;
  readonly uid?: number;
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
  readonly processes: ReadonlyMap<number, ProcessInfo>;
  /** Lines of kernel text that could not be parsed: skipped and counted, never thrown. */
  readonly skippedLines: number;
}

export interface SocketSource {
  /** The whole table with owning processes. */
  snapshot(): Promise<Snapshot>;
  /** Sockets held by these pids or any of their descendants; cheap, for a waiting launch. */
  socketsOfTree(rootPids: readonly number[]): Promise<Snapshot>;
}
