/**
 * The socket table read on a worker thread, so a refresh never stalls the
 * extension host: with 10,000 sockets an in-thread snapshot held its event
 * loop (every extension's, and the editor's messages) for about 20 ms warm
 * and 60 ms cold on a 2-core machine. The worker keeps one ProcfsSource, so
 * its warm caches survive between refreshes, and sends each snapshot as the
 * change to the one before (snapshotDelta.ts: this thread reuses its objects
 * for what did not change), the new sockets and processes in chunks that this
 * thread takes one event-loop turn at a time (taking a message off a port
 * deserializes it whole). The result is the snapshot the in-thread source
 * returns, field for field and in the same order.
 *
 * A waiting launch's tree-only polls stay in this thread: they are a few
 * small procfs reads (treeSockets.ts), and a round trip to another thread
 * would add its wake-up to every poll of someone waiting for their port.
 *
 * A worker that dies is replaced on the next request (pending ones are sent
 * again); after `maxRestarts` deaths, or when the worker script is missing,
 * snapshots are read in this thread as before. Both are reported through
 * `onProblem`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { ProcessInfo } from '../proc/processInfo';
import { ProcfsSource } from './procfsSource';
import type { Snapshot, SnapshotOptions, Socket, SocketSource } from './socket';
import { decodeDelta } from './snapshotDelta';
import type { Chunk, Done, Reply, Request, WorkerData } from './workerProtocol';

export interface WorkerSocketSourceOptions {
  /** The worker script: socketWorker.js next to this file, bundled or compiled. */
  readonly workerPath?: string;
  readonly procRoot?: string;
  /** Our own faults, for the log: a worker that died, the fall back to this thread. */
  readonly onProblem?: (message: string, error?: unknown) => void;
  readonly maxRestarts?: number;
}

interface Pending {
  readonly request: Request;
  resolve(snapshot: Snapshot): void;
  reject(error: unknown): void;
}

export class WorkerSocketSource implements SocketSource {
  private readonly workerPath: string;
  private readonly maxRestarts: number;
  private readonly inThread: ProcfsSource;
  private readonly pending = new Map<number, Pending>();
  private worker: Worker | undefined;
  private chunks: MessagePort | undefined;
  private lastError: unknown;
  private nextId = 1;
  private deaths = 0;
  private fallBack = false;
  private disposed = false;
  /** Chunks of one reply are taken before the next reply's: they share a port, and each reply is a change to the one before. */
  private collecting: Promise<unknown> = Promise.resolve();
  /** The last snapshot taken from this worker: the base of its next reply. */
  private last: { id: number; snapshot: Snapshot } | undefined;
  private wantWhole = false;

  constructor(private readonly options: WorkerSocketSourceOptions = {}) {
    this.workerPath = options.workerPath ?? path.join(__dirname, 'socketWorker.js');
    this.maxRestarts = options.maxRestarts ?? 3;
    this.inThread = new ProcfsSource({ procRoot: options.procRoot });
  }

  /** Where snapshots are read now: tests check recovery with it. */
  get mode(): 'worker' | 'in-thread' {
    return this.fallBack ? 'in-thread' : 'worker';
  }

  snapshot(options?: SnapshotOptions): Promise<Snapshot> {
    if (this.disposed) return Promise.reject(new Error('the socket source was disposed'));
    if (this.fallBack) return this.inThread.snapshot(options);
    return new Promise((resolve, reject) => {
      const request: Request = { id: this.nextId++, options };
      this.pending.set(request.id, { request, resolve, reject });
      this.send(request);
    });
  }

  socketsOfTree(rootPids: readonly number[], options?: SnapshotOptions): Promise<Snapshot> {
    return this.inThread.socketsOfTree(rootPids, options);
  }

  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.chunks?.close();
    void worker?.terminate();
    for (const p of this.pending.values()) p.reject(new Error('the socket source was disposed'));
    this.pending.clear();
  }

  private send(request: Request): void {
    const worker = this.fallBack ? undefined : this.worker ?? this.start();
    if (worker === undefined) {
      this.answerInThread(request);
      return;
    }
    // Referenced only while a request waits: an idle worker keeps no process alive.
    worker.ref();
    worker.postMessage(this.wantWhole ? { ...request, whole: true } : request);
    this.wantWhole = false;
  }

  private start(): Worker | undefined {
    if (!fs.existsSync(this.workerPath)) {
      this.giveUp(`The socket worker ${this.workerPath} is missing; reading the socket table in the extension host's thread.`);
      return undefined;
    }
    const { port1, port2 } = new MessageChannel();
    const data: WorkerData = { chunks: port2, procRoot: this.options.procRoot };
    let worker: Worker;
    try {
      // No execArgv of ours: the host's flags (an inspector, --require hooks) are not the worker's business.
      worker = new Worker(this.workerPath, { workerData: data, transferList: [port2], execArgv: [] });
    } catch (error) {
      port1.close();
      this.giveUp(`The socket worker could not start; reading the socket table in the extension host's thread.`, error);
      return undefined;
    }
    worker.unref();
    worker.on('message', (reply: Reply) => this.onReply(reply));
    worker.on('error', (error) => (this.lastError = error));
    worker.on('exit', (code) => this.onExit(worker, code));
    this.worker = worker;
    this.chunks = port1;
    this.last = undefined;
    return worker;
  }

  private onExit(worker: Worker, code: number): void {
    if (worker !== this.worker) return; // disposed, or already replaced
    this.worker = undefined;
    this.chunks?.close();
    this.chunks = undefined;
    this.deaths++;
    const error = this.lastError;
    this.lastError = undefined;
    if (this.deaths > this.maxRestarts) {
      this.giveUp(`The socket worker stopped ${this.deaths} times (last exit code ${code}); reading the socket table in the extension host's thread from now on.`, error);
    } else {
      this.options.onProblem?.(`The socket worker stopped (exit code ${code}); starting another.`, error);
    }
    for (const p of this.pending.values()) this.send(p.request);
  }

  private giveUp(message: string, error?: unknown): void {
    this.fallBack = true;
    this.options.onProblem?.(message, error);
  }

  private answerInThread(request: Request): void {
    const p = this.pending.get(request.id);
    this.pending.delete(request.id);
    this.inThread.snapshot(request.options).then(p?.resolve, p?.reject);
  }

  private onReply(reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.error) {
      p.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code, stack: reply.error.stack }));
      return;
    }
    const port = this.chunks;
    const collected = this.collecting.then(() => this.take(port, reply));
    this.collecting = collected.catch(() => undefined);
    collected.then(p.resolve, p.reject);
  }

  private async take(port: MessagePort | undefined, done: Done): Promise<Snapshot> {
    try {
      if (done.base !== undefined && done.base !== this.last?.id) {
        throw new Error(`socket worker: reply ${done.id} changes snapshot ${done.base}, not the one held (${this.last?.id ?? 'none'})`);
      }
      const { sockets, processes } = await collect(port, done);
      const snapshot = decodeDelta(done.base === undefined ? undefined : this.last?.snapshot, done.delta, sockets, processes);
      this.last = { id: done.id, snapshot };
      return snapshot;
    } catch (error) {
      // Out of step with the worker: the next request asks for a whole snapshot.
      this.last = undefined;
      this.wantWhole = true;
      throw error;
    }
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Takes a reply's chunks off `port`, one per event-loop turn, so whatever else waits runs in between. */
async function collect(port: MessagePort | undefined, done: Done): Promise<{ sockets: Socket[]; processes: Map<number, ProcessInfo> }> {
  const sockets: Socket[] = [];
  const processes = new Map<number, ProcessInfo>();
  for (let i = 0; i < done.chunks; i++) {
    if (i > 0) await nextTurn();
    const received = port && receiveMessageOnPort(port);
    const chunk = received?.message as Chunk | undefined;
    if (chunk?.id !== done.id) throw new Error(`socket worker: chunk ${i + 1} of ${done.chunks} of reply ${done.id} is missing`);
    for (const socket of chunk.sockets ?? []) sockets.push(socket);
    for (const [pid, info] of chunk.processes ?? []) processes.set(pid, info);
  }
  return { sockets, processes };
}
