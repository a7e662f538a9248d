/**
 * A snapshot as a change to the one before it, for the worker thread to send
 * (workerSource.ts). Refresh after refresh nearly every socket and process is
 * the same, and building them again on the receiving thread (deserializing,
 * then collecting the garbage) is what would hold its event loop; so only
 * new or changed sockets and processes travel, and the receiver reuses its
 * own objects for the rest. Decoding gives back the sender's snapshot field
 * for field and in the same order.
 */
import type { ProcessInfo } from '../proc/processInfo';
import type { Endpoint, Snapshot, Socket } from './socket';

export interface Delta {
  /** Per socket, in order: its index among the base's sockets, or -(k + 1) for the k-th of `fresh`. */
  readonly order: Int32Array;
  /** Pids of `processes`, in order; those not in `changed` are the base's objects. */
  readonly pids: Int32Array;
  readonly takenAt: number;
  readonly skippedLines: number;
}

export interface Encoded {
  readonly delta: Delta;
  readonly fresh: Socket[];
  readonly changed: [number, ProcessInfo][];
}

function sameEndpoint(a: Endpoint | undefined, b: Endpoint | undefined): boolean {
  if (a === b) return true;
  return a !== undefined && b !== undefined && a.address === b.address && a.port === b.port
    && a.wildcard === b.wildcard && a.loopback === b.loopback && a.dualStack === b.dualStack;
}

function sameSocket(a: Socket, b: Socket): boolean {
  return a.id === b.id && a.state === b.state && a.pid === b.pid && a.inode === b.inode && a.uid === b.uid
    && a.protocol === b.protocol && a.family === b.family && sameEndpoint(a.local, b.local) && sameEndpoint(a.peer, b.peer)
    && Object.keys(a).length === Object.keys(b).length;
}

function sameProcess(a: ProcessInfo | undefined, b: ProcessInfo): boolean {
  if (a === b) return true;
  if (a === undefined) return false;
  const keys = Object.keys(b) as (keyof ProcessInfo)[];
  return keys.length === Object.keys(a).length && keys.every((k) => a[k] === b[k]);
}

/** What to send for `next`, given the snapshot the receiver holds (`base`; none: send it all). */
export function encodeDelta(base: Snapshot | undefined, next: Snapshot): Encoded {
  const index = new Map<string, number>();
  base?.sockets.forEach((s, i) => index.set(s.id, i));
  const order = new Int32Array(next.sockets.length);
  const fresh: Socket[] = [];
  next.sockets.forEach((socket, i) => {
    const at = index.get(socket.id);
    if (at !== undefined && sameSocket(base!.sockets[at], socket)) {
      order[i] = at;
    } else {
      fresh.push(socket);
      order[i] = -fresh.length;
    }
  });
  const pids = Int32Array.from(next.processes.keys());
  const changed: [number, ProcessInfo][] = [];
  for (const [pid, info] of next.processes) if (!sameProcess(base?.processes.get(pid), info)) changed.push([pid, info]);
  return { delta: { order, pids, takenAt: next.takenAt, skippedLines: next.skippedLines }, fresh, changed };
}

/** Whether the delta says "the same as the base": every socket in its place, every process the same. */
function unchanged(base: Snapshot, delta: Delta, changed: ReadonlyMap<number, ProcessInfo>): boolean {
  if (changed.size > 0 || delta.order.length !== base.sockets.length || delta.pids.length !== base.processes.size) return false;
  for (let i = 0; i < delta.order.length; i++) if (delta.order[i] !== i) return false;
  let i = 0;
  for (const pid of base.processes.keys()) if (delta.pids[i++] !== pid) return false;
  return true;
}

/**
 * The sender's snapshot, rebuilt on `base` (the receiver's copy of the one it
 * was encoded against). When nothing changed, its `sockets` and `processes`
 * are the base's own objects, so a view can tell "nothing new" by identity.
 */
export function decodeDelta(base: Snapshot | undefined, delta: Delta, fresh: readonly Socket[], changed: ReadonlyMap<number, ProcessInfo>): Snapshot {
  if (base && unchanged(base, delta, changed)) {
    return { takenAt: delta.takenAt, sockets: base.sockets, processes: base.processes, skippedLines: delta.skippedLines };
  }
  const sockets = new Array<Socket>(delta.order.length);
  for (let i = 0; i < sockets.length; i++) {
    const at = delta.order[i];
    const socket = at >= 0 ? base?.sockets[at] : fresh[-at - 1];
    if (socket === undefined) throw new Error(`snapshot delta: socket ${i} refers to ${at}, which is not there`);
    sockets[i] = socket;
  }
  const processes = new Map<number, ProcessInfo>();
  for (const pid of delta.pids) {
    const info = changed.get(pid) ?? base?.processes.get(pid);
    if (info === undefined) throw new Error(`snapshot delta: process ${pid} is in neither the change nor the base`);
    processes.set(pid, info);
  }
  return { takenAt: delta.takenAt, sockets, processes, skippedLines: delta.skippedLines };
}
