/**
 * The few procfs reads the socket table needs, with the errors that are part
 * of normal life turned into `undefined`: a process can exit between listing
 * /proc and reading its files (ENOENT, ESRCH), and another user's process is
 * not ours to look into (EACCES, EPERM). Anything else is a real fault and
 * propagates.
 *
 * Synchronous on purpose: a snapshot is thousands of tiny procfs reads whose
 * cost is the syscall itself; a thread-pool round trip per read would
 * multiply it (measured in bench/snapshot.ts). What must not block the
 * extension host, the whole table, is read on a worker thread instead
 * (sockets/workerSource.ts); a launch's tree-only polls are a few reads.
 */
import * as fs from 'node:fs';

export interface ProcReader {
  /**
   * The whole file, or its start: when `enough` is given it is asked after
   * each read() with what has arrived so far, and reading stops once it says
   * true (a procfs file is generated as it is read, so what is not read is
   * never made). The buffer is only valid until the next `readFile` on any
   * reader: parse it at once.
   */
  readFile(path: string, enough?: (buf: Buffer, length: number) => boolean): Buffer | undefined;
  readdir(path: string): string[] | undefined;
  readlink(path: string): string | undefined;
  /**
   * Owner uid, st_size (for /proc/<pid>/fd: the number of open descriptors,
   * Linux ≥ 6.2), and the inode number and ctime, which procfs assigns anew
   * whenever it instantiates the entry (so a reused pid never matches).
   */
  stat(path: string): ProcEntryStat | undefined;
}

export interface ProcEntryStat {
  readonly uid: number;
  readonly size: number;
  readonly ino: number;
  readonly ctimeMs: number;
}

/** The subset of node:fs used, so tests can inject failures with real error codes. */
export type ProcFs = Pick<typeof fs, 'openSync' | 'readSync' | 'closeSync' | 'readdirSync' | 'readlinkSync' | 'statSync'>;

const EXPECTED = new Set(['ENOENT', 'ESRCH', 'EACCES', 'EPERM', 'ENOTDIR']);

function quietly<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (EXPECTED.has((e as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw e;
  }
}

// procfs files report size 0, so they are read until EOF into one growing
// buffer shared by every reader (all reads are synchronous): /proc/net/tcp
// with 10,000 rows (~1.5 MB) then takes one or two read()s, and no copy.
let scratch = Buffer.allocUnsafe(1 << 16);
const CHUNK = 1 << 16;

export function nodeProcReader(fsImpl: ProcFs = fs): ProcReader {
  return {
    readFile: (path, enough) => quietly(() => {
      const fd = fsImpl.openSync(path, 'r');
      try {
        let length = 0;
        for (;;) {
          if (length === scratch.length) {
            const bigger = Buffer.allocUnsafe(scratch.length * 2);
            scratch.copy(bigger, 0, 0, length);
            scratch = bigger;
          }
          // With `enough`, at most a chunk per read(): the scratch buffer may have grown to a
          // whole table of connections, and one read() of that size makes the kernel generate it all.
          const want = enough ? Math.min(CHUNK, scratch.length - length) : scratch.length - length;
          const n = fsImpl.readSync(fd, scratch, length, want, null);
          if (n === 0) break;
          length += n;
          if (enough?.(scratch, length)) break;
        }
        return scratch.subarray(0, length);
      } finally {
        fsImpl.closeSync(fd);
      }
    }),
    readdir: (path) => quietly(() => fsImpl.readdirSync(path)),
    readlink: (path) => quietly(() => fsImpl.readlinkSync(path)),
    stat: (path) => quietly(() => {
      const s = fsImpl.statSync(path);
      return { uid: s.uid, size: s.size, ino: s.ino, ctimeMs: s.ctimeMs };
    }),
  };
}
