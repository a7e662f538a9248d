import { ProcfsSource } from './procfsSource';
import { SocketSource } from './socket';
import { SysteminformationSource } from './systeminformationSource';

export type SocketEngine = 'procfs' | 'systeminformation' | 'auto';

export interface CreateSocketSourceOptions {
  /** `auto`: procfs on Linux (fast, no child processes), systeminformation elsewhere. */
  readonly engine?: SocketEngine;
  /** For tests: the platform `auto` decides on. */
  readonly platform?: NodeJS.Platform;
}

export function createSocketSource(options: CreateSocketSourceOptions = {}): SocketSource {
  const engine = options.engine ?? 'auto';
  const platform = options.platform ?? process.platform;
  if (engine === 'procfs' && platform !== 'linux') {
    throw new Error(`the procfs socket engine needs Linux; this is ${platform}`);
  }
  if (engine === 'procfs' || (engine === 'auto' && platform === 'linux')) return new ProcfsSource();
  return new SysteminformationSource();
}
