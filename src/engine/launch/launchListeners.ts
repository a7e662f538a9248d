/**
 * The listening sockets a launch has found, each with the process that held
 * it in the same poll, so a row showing the socket and its process agree.
 */
import type { ProcessInfo } from '../proc/processInfo';
import type { Snapshot, Socket } from '../sockets/socket';

export class LaunchListeners {
  private readonly found: Socket[] = [];
  private readonly ownerOf = new Map<string, ProcessInfo>();

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

  /** The pids holding the sockets: whatever else they are, they are the server. */
  get pids(): ReadonlySet<number> {
    return new Set(this.found.flatMap((s) => (s.pid === undefined ? [] : [s.pid])));
  }

  /** Records a socket; true when it is the first. */
  add(socket: Socket, snapshot: Snapshot): boolean {
    this.found.push(socket);
    const owner = socket.pid === undefined ? undefined : snapshot.processes.get(socket.pid);
    if (owner) this.ownerOf.set(socket.id, owner);
    return this.found.length === 1;
  }

  clear(): void {
    this.found.length = 0;
    this.ownerOf.clear();
  }
}
