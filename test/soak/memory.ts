// Where the extension host's resident memory is, from /proc/self/smaps: what
// the soak prints so a growth can be told apart (our JavaScript heap, glibc's
// arenas, V8's other pages, mapped files) instead of guessed at.
import * as fs from 'node:fs';

export interface MemoryKinds {
  /** process.memoryUsage(): V8's heap as reserved, and the memory outside it V8 knows of. */
  readonly heapTotalMb: number;
  readonly externalMb: number;
  readonly arrayBuffersMb: number;
  /** Resident kB by kind of mapping. */
  readonly residentMb: Readonly<Record<Kind, number>>;
}

type Kind = 'brk heap (glibc main arena)' | 'glibc thread arenas (64 MB-aligned)' | 'other anonymous (V8 pages, big mallocs)' | 'stacks' | 'files';
const KINDS: readonly Kind[] = ['brk heap (glibc main arena)', 'glibc thread arenas (64 MB-aligned)', 'other anonymous (V8 pages, big mallocs)', 'stacks', 'files'];

/** glibc places each thread arena's heap at a multiple of HEAP_MAX_SIZE (64 MB on 64-bit). */
const ARENA_ALIGN = 64n << 20n;

function kindOf(start: bigint, name: string): Kind {
  if (name === '[heap]') return 'brk heap (glibc main arena)';
  if (name.startsWith('[stack')) return 'stacks';
  if (name === '' || name.startsWith('[anon')) return start % ARENA_ALIGN === 0n ? 'glibc thread arenas (64 MB-aligned)' : 'other anonymous (V8 pages, big mallocs)';
  return 'files';
}

export function memoryKinds(): MemoryKinds {
  const resident = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  let kind: Kind = 'files';
  for (const line of fs.readFileSync('/proc/self/smaps', 'latin1').split('\n')) {
    const header = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (header) {
      kind = kindOf(BigInt(`0x${header[1]}`), header[2].trim());
      continue;
    }
    if (line.startsWith('Rss:')) resident[kind] += Number(line.split(/\s+/)[1]) / 1024;
  }
  const { heapTotal, external, arrayBuffers } = process.memoryUsage();
  const mb = (bytes: number): number => bytes / 2 ** 20;
  return { heapTotalMb: mb(heapTotal), externalMb: mb(external), arrayBuffersMb: mb(arrayBuffers), residentMb: resident };
}

/** One line per kind: before, after and the difference, in MB. */
export function memoryTable(before: MemoryKinds, after: MemoryKinds): string[] {
  const row = (name: string, b: number, a: number): string =>
    `${name.padEnd(52)}${b.toFixed(1).padStart(8)}${a.toFixed(1).padStart(8)}${`${a - b >= 0 ? '+' : ''}${(a - b).toFixed(1)}`.padStart(8)}`;
  return [
    row('V8 heap reserved (heapTotal)', before.heapTotalMb, after.heapTotalMb),
    row('V8 external', before.externalMb, after.externalMb),
    row('  of it array buffers', before.arrayBuffersMb, after.arrayBuffersMb),
    ...KINDS.map((k) => row(`resident: ${k}`, before.residentMb[k], after.residentMb[k])),
  ];
}
