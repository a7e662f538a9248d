import { Endpoint, Snapshot, Socket } from './socket';

export interface SocketChange {
  readonly before: Socket;
  readonly after: Socket;
}

export interface SnapshotDiff {
  readonly added: readonly Socket[];
  readonly removed: readonly Socket[];
  /** Same socket (same id), different state, peer or owner. */
  readonly changed: readonly SocketChange[];
}

function sameEndpoint(a: Endpoint | undefined, b: Endpoint | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.address === b.address && a.port === b.port);
}

function sameSocket(a: Socket, b: Socket): boolean {
  return a.state === b.state && a.pid === b.pid && sameEndpoint(a.local, b.local) && sameEndpoint(a.peer, b.peer);
}

/** What happened between two snapshots, by socket id (inode on Linux, 4-tuple elsewhere). */
export function diffSnapshots(a: Pick<Snapshot, 'sockets'>, b: Pick<Snapshot, 'sockets'>): SnapshotDiff {
  const before = new Map<string, Socket>();
  for (const s of a.sockets) before.set(s.id, s);
  const added: Socket[] = [];
  const changed: SocketChange[] = [];
  for (const s of b.sockets) {
    const old = before.get(s.id);
    if (old === undefined) added.push(s);
    else if (!sameSocket(old, s)) changed.push({ before: old, after: s });
    before.delete(s.id);
  }
  return { added, removed: [...before.values()], changed };
}
