/**
 * Which socket source a caller gets: procfs on Linux unless told otherwise,
 * systeminformation elsewhere (`portZero.socketEngine`).
 */
import { ProcfsSource } from './procfsSource';
import { SocketSource } from './socket';
import { SysteminformationSource } from './systeminformationSource';
import { WorkerSocketSource } from './workerSource';

export type SocketEngine = 'procfs' | 'systeminformation' | 'auto';

export interface CreateSocketSourceOptions {
  /** `auto`: procfs on Linux (fast, no child processes), systeminformation elsewhere. */
  readonly engine?: SocketEngine;
  /** For tests: the platform `auto` decides on. */
  readonly platform?: NodeJS.Platform;
  /** procfs read in the calling thread instead of a worker thread: for a CLI, a benchmark's comparison. */
  readonly inThread?: boolean;
  /** Our own faults worth a log line (the worker thread died, or is missing). */
  readonly onProblem?: (message: string, error?: unknown) => void;
}

export function createSocketSource(options: CreateSocketSourceOptions = {}): SocketSource {
  const engine = options.engine ?? 'auto';
  const platform = options.platform ?? process.platform;
  if (engine === 'procfs' && platform !== 'linux') {
    throw new Error(`the procfs socket engine needs Linux; this is ${platform}`);
  }
  if (engine === 'systeminformation' || (engine === 'auto' && platform !== 'linux')) return new SysteminformationSource();
  return options.inThread ? new ProcfsSource() : new WorkerSocketSource({ onProblem: options.onProblem });
}
