// The real procfs, counting what is opened and read: for tests of what a
// read of the socket table costs, not only what it returns.
import * as fs from 'node:fs';
import { nodeProcReader, ProcFs, ProcReader } from '../../../../src/engine/proc/procReader';

export interface CountingReader {
  readonly reader: ProcReader;
  /** Opens of paths `pattern` matches. */
  opens(pattern: RegExp): number;
  /** Bytes read from `path`. */
  bytes(path: string): number;
}

export function countingReader(): CountingReader {
  const opened: string[] = [];
  const pathOf = new Map<number, string>();
  const read = new Map<string, number>();
  const counting: ProcFs = {
    ...fs,
    openSync: ((p: string, flags: string) => {
      const fd = fs.openSync(p, flags);
      opened.push(p);
      pathOf.set(fd, p);
      return fd;
    }) as typeof fs.openSync,
    readSync: ((fd: number, ...rest: unknown[]) => {
      const n = (fs.readSync as (...args: unknown[]) => number)(fd, ...rest);
      const p = pathOf.get(fd);
      if (p !== undefined) read.set(p, (read.get(p) ?? 0) + n);
      return n;
    }) as typeof fs.readSync,
  };
  return {
    reader: nodeProcReader(counting),
    opens: (pattern) => opened.filter((p) => pattern.test(p)).length,
    bytes: (p) => read.get(p) ?? 0,
  };
}
