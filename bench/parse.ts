/**
 * `npm run bench -- parse`: the /proc/net/tcp parser over generated kernel
 * text of 262,144 rows of which 100 listen (a machine drowning in TIME_WAIT,
 * where the Ports view by default shows listeners only), parsed for
 * listeners only and for every row, interleaved round by round. The text is
 * what tcp4_seq_show prints, each line padded to 149 characters; the
 * listeners are spread through it rather than first (where the kernel puts
 * them), so the parser gets no help from their place. Goal: listeners only
 * ≤ 30 ms.
 */
import { parseProcNet } from '../src/engine/sockets/procNetParser';

const ROWS = 262_144;
const LISTENERS = 100;
const ROUNDS = 9;

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');

/** One row as the kernel prints it (get_tcp4_sock / get_timewait4_sock), padded like seq_pad. */
function row(sl: number, listening: boolean): string {
  const local = `${hex(0x0100007f, 8)}:${hex(listening ? 3000 + sl % 60000 : 40000 + sl % 20000, 4)}`;
  const peer = listening ? '00000000:0000' : `${hex(0x0100007f, 8)}:${hex(8080, 4)}`;
  const text = listening
    ? `${String(sl).padStart(4)}: ${local} ${peer} 0A 00000000:00000000 00:00000000 00000000  1000        0 ${100000 + sl} 1 0000000000000000 100 0 0 10 0`
    : `${String(sl).padStart(4)}: ${local} ${peer} 06 00000000:00000000 03:00000D5C 00000000     0        0 0 3 0000000000000000`;
  return text.padEnd(149);
}

export function generatedTable(rows: number, listeners: number): Buffer {
  const every = Math.floor(rows / listeners);
  const lines = ['  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'.padEnd(149)];
  for (let sl = 0; sl < rows; sl++) lines.push(row(sl, sl % every === every >> 1 && Math.floor(sl / every) < listeners));
  return Buffer.from(lines.join('\n') + '\n', 'latin1');
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function time(fn: () => number): { ms: number; rows: number } {
  const start = performance.now();
  const rows = fn();
  return { ms: performance.now() - start, rows };
}

export async function main(): Promise<void> {
  const text = generatedTable(ROWS, LISTENERS);
  const listenersOnly: number[] = [];
  const allRows: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const some = time(() => parseProcNet(text, text.length, 'tcp', 4, { listenersOnly: true }).rows.length);
    const all = time(() => parseProcNet(text, text.length, 'tcp', 4).rows.length);
    if (some.rows !== LISTENERS || all.rows !== ROWS) throw new Error(`parsed ${some.rows} listeners and ${all.rows} rows`);
    listenersOnly.push(some.ms);
    allRows.push(all.ms);
  }
  const ms = (x: number): string => x.toFixed(1);
  console.log(`parse: /proc/net/tcp text, ${ROWS} rows (${(text.length / 2 ** 20).toFixed(1)} MB), ${LISTENERS} listening; medians of ${ROUNDS} interleaved rounds`);
  console.log(`  listeners only ${ms(median(listenersOnly)).padStart(8)} ms   (min ${ms(Math.min(...listenersOnly))})`);
  console.log(`  every row      ${ms(median(allRows)).padStart(8)} ms   (min ${ms(Math.min(...allRows))})`);
  console.log(`BENCH parse rows=${ROWS} listeners_only_ms=${ms(median(listenersOnly))} all_rows_ms=${ms(median(allRows))}`);
}
