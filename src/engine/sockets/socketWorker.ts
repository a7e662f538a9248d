/**
 * The worker thread behind WorkerSocketSource (workerSource.ts): holds one
 * ProcfsSource for as long as it lives, so its caches (descriptor scans,
 * process facts) stay warm between refreshes, and answers each request with
 * the change since its last answer (snapshotDelta.ts): new sockets and
 * processes in chunks on `chunks`, then a `Done` on the parent port.
 * Bundled as its own entry (dist/socketWorker.js, see esbuild.js).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { ProcfsSource } from './procfsSource';
import type { Snapshot } from './socket';
import { encodeDelta } from './snapshotDelta';
import { Chunk, CHUNK_ITEMS, Done, Reply, Request, WorkerData } from './workerProtocol';

/**
 * A refresh is background work: on a busy machine this thread should give
 * the CPU to the extension host's own thread (and to the user's build)
 * rather than take turns with them. On Linux setpriority(PRIO_PROCESS, tid)
 * applies to one thread, and /proc/thread-self names this one. Lowered only
 * after the first answer: the cold start (this thread's own start-up and
 * every process's descriptors) is what the Ports view waits for when it
 * opens, and a thread cannot raise its priority again.
 */
function lowerOwnPriority(): void {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 10);
  } catch {
    // Not Linux, or not allowed: the worker runs at the host's priority.
  }
}

const data = workerData as WorkerData;
const chunks: MessagePort = data.chunks;
const source = new ProcfsSource({ procRoot: data.procRoot });
let last: { id: number; snapshot: Snapshot } | undefined;
let firstId: number | undefined;

function postInChunks<T>(id: number, items: readonly T[], wrap: (part: T[]) => Omit<Chunk, 'id'>): number {
  let count = 0;
  for (let i = 0; i < items.length; i += CHUNK_ITEMS) {
    chunks.postMessage({ id, ...wrap(items.slice(i, i + CHUNK_ITEMS)) } satisfies Chunk);
    count++;
  }
  return count;
}

function answer(request: Request): Done {
  const snapshot = source.snapshotNow(request.options);
  const base = request.whole ? undefined : last;
  const { delta, fresh, changed } = encodeDelta(base?.snapshot, snapshot);
  const count = postInChunks(request.id, fresh, (sockets) => ({ sockets }))
    + postInChunks(request.id, changed, (processes) => ({ processes }));
  last = { id: request.id, snapshot };
  return { id: request.id, base: base?.id, delta, chunks: count };
}

parentPort!.on('message', (request: Request) => {
  firstId ??= request.id;
  let reply: Reply;
  try {
    reply = answer(request);
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    reply = { id: request.id, error: { message: error?.message ?? String(e), code: error?.code, stack: error?.stack } };
  }
  parentPort!.postMessage(reply);
  if (request.id === firstId) lowerOwnPriority();
});
