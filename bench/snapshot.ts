/**
 * `npm run bench -- snapshot`: the whole socket table with owners, ours cold
 * (a fresh source) and warm (the same source again) against `ss -tanp` and
 * systeminformation.networkConnections(), interleaved round by round so
 * machine noise hits all four alike.
 */
import { spawn } from 'node:child_process';
import * as si from 'systeminformation';
import { ProcfsSource } from '../src/engine/sockets/procfsSource';
import { startHelper, stopHelper } from './_sockets';

const SIZES = [100, 1_000, 10_000];
const ROUNDS = 9;

function runSs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('ss', ['-tanp'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lines = 0;
    child.stdout.on('data', (d: Buffer) => {
      for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
    });
    child.once('error', reject);
    child.once('close', () => resolve(lines));
  });
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface Row {
  sockets: number;
  cold: number;
  warm: number;
  ss: number;
  si: number;
}

async function measure(n: number): Promise<Row> {
  const helper = await startHelper(n);
  try {
    const warmSource = new ProcfsSource();
    const check = await warmSource.snapshot();
    const owned = check.sockets.filter((s) => s.pid === helper.child.pid).length;
    if (owned < helper.sockets) throw new Error(`saw ${owned} of the helper's ${helper.sockets} sockets`);
    const samples = { cold: [] as number[], warm: [] as number[], ss: [] as number[], si: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      samples.cold.push(await time(() => new ProcfsSource().snapshot()));
      samples.warm.push(await time(() => warmSource.snapshot()));
      samples.ss.push(await time(runSs));
      samples.si.push(await time(() => si.networkConnections()));
    }
    return { sockets: helper.sockets, cold: median(samples.cold), warm: median(samples.warm), ss: median(samples.ss), si: median(samples.si) };
  } finally {
    await stopHelper(helper);
  }
}

const ms = (x: number): string => x.toFixed(1);
const ratio = (a: number, b: number): string => (a / b).toFixed(2);

export async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const n of SIZES) rows.push(await measure(n));
  console.log(`snapshot: medians of ${ROUNDS} interleaved rounds (ms)`);
  console.log('sockets   ours_cold  ours_warm     ss -tanp  si.networkConnections  warm/ss  warm/si');
  for (const r of rows) {
    console.log(
      `${String(r.sockets).padStart(7)} ${ms(r.cold).padStart(10)} ${ms(r.warm).padStart(10)} ${ms(r.ss).padStart(12)}`
        + ` ${ms(r.si).padStart(22)} ${ratio(r.warm, r.ss).padStart(8)} ${ratio(r.warm, r.si).padStart(8)}`,
    );
  }
  const last = rows[rows.length - 1];
  console.log(
    `BENCH snapshot sockets=${SIZES[SIZES.length - 1]} ours_cold_ms=${ms(last.cold)} ours_warm_ms=${ms(last.warm)}`
      + ` ss_ms=${ms(last.ss)} si_ms=${ms(last.si)} warm_vs_ss=${ratio(last.warm, last.ss)} warm_vs_si=${ratio(last.warm, last.si)}`,
  );
}
