/**
 * The listening sockets a launch has found, each with the process that held
 * it in the same poll, so a row showing the socket and its process agree.
 * A marked process outside the launch's tree is watched only in case it holds
 * the port the server was told (a daemon that double-forked): its other ports
 * are its own, not the launch's (see proc/launchMembers.ts).
 */
import type { ProcessInfo } from '../proc/processInfo';
import type { Snapshot, Socket } from '../sockets/socket';

export class LaunchListeners {
  private readonly found: Socket[] = [];
  private readonly ownerOf = new Map<string, ProcessInfo>();
  /** The port the server was told; none for `zero`, which hands out none. */
  handedPort: number | undefined;
  /** Marked processes outside the tree, as last seen. */
  strangers: ReadonlySet<number> = new Set();

  get sockets(): readonly Socket[] {
    return this.found;
  }

  /** Socket id → the process holding it. */
  get owners(): ReadonlyMap<string, ProcessInfo> {
    return this.ownerOf;
  }

  get any(): boolean {
    return this.found.length > 0;
  }

  /** The pids holding the port the server was told: whatever else they are, they are the server. */
  get handedPids(): ReadonlySet<number> {
    return new Set(this.found.flatMap((s) => (s.pid !== undefined && s.local.port === this.handedPort ? [s.pid] : [])));
  }

  /** Records a socket; true when it is the first, undefined when it is an outsider's own. */
  add(socket: Socket, snapshot: Snapshot): boolean | undefined {
    if (socket.pid !== undefined && this.strangers.has(socket.pid) && socket.local.port !== this.handedPort) return undefined;
    this.found.push(socket);
    const owner = socket.pid === undefined ? undefined : snapshot.processes.get(socket.pid);
    if (owner) this.ownerOf.set(socket.id, owner);
    return this.found.length === 1;
  }

  clear(): void {
    this.strangers = new Set();
    this.found.length = 0;
    this.ownerOf.clear();
  }
}
