/** What WorkerSocketSource and its worker (socketWorker.ts) say to each other. */
import type { MessagePort } from 'node:worker_threads';
import type { ProcessInfo } from '../proc/processInfo';
import type { SnapshotOptions, Socket } from './socket';
import type { Delta } from './snapshotDelta';

export interface WorkerData {
  /** Where the worker puts snapshot chunks; the main thread takes them one event-loop turn at a time. */
  readonly chunks: MessagePort;
  readonly procRoot?: string;
}

export interface Request {
  readonly id: number;
  readonly options?: SnapshotOptions;
  /** The receiver lost track (a reply it could not take): send the whole snapshot, not a change. */
  readonly whole?: boolean;
}

/**
 * Items per chunk. Taking a message off a port deserializes it in one go on
 * the main thread, at about 1 µs per socket when the machine is quiet, so a
 * chunk holds the event loop well under a millisecond.
 */
export const CHUNK_ITEMS = 250;

export interface Chunk {
  readonly id: number;
  readonly sockets?: readonly Socket[];
  readonly processes?: readonly [number, ProcessInfo][];
}

export interface Done {
  readonly id: number;
  /** The reply whose snapshot `delta` is a change to; undefined: a whole snapshot. */
  readonly base: number | undefined;
  readonly delta: Delta;
  /** Chunks on the chunk port, fresh sockets first, then changed processes. */
  readonly chunks: number;
  readonly error?: undefined;
}

export interface Failed {
  readonly id: number;
  readonly error: { readonly message: string; readonly code?: string; readonly stack?: string };
}

export type Reply = Done | Failed;
