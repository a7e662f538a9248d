/**
 * `npm run bench -- allocate`: 8 processes ask for 1,000 ports each, all at
 * once, from Port Zero's allocator and from get-port, portfinder, detect-port
 * and a plain bind(0), each called its default way. Every port is bound right
 * after it is handed out, as a server would. Counts ports handed out more than
 * once in the run (well within our reservation lifetime) and, for ours, ports
 * that failed to bind at once.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { memoryTmpDir } from '../src/engine/ports/reservationDir';
import type { AllocateOrder, AllocateReport, Contender } from './_allocateChild';

const PROCS = 8;
const PER = 1000;
/** Longer than any run here, so every port handed out counts as within the reservation window. */
const RESERVATION_MS = 10 * 60_000;

interface Result {
  contender: Contender;
  handedOut: number;
  duplicates: number;
  bindFailures: number;
  usPerCall: number;
  wallMs: number;
}

function nextLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (d: Buffer): void => {
      buffered += d.toString();
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      resolve(buffered.slice(0, nl));
    };
    const onExit = (code: number | null): void => reject(new Error(`benchmark child exited (${code}) before answering`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
  });
}

async function run(contender: Contender, root: string): Promise<Result> {
  const order: AllocateOrder = { contender, count: PER, root, reservationMs: RESERVATION_MS };
  const children = Array.from({ length: PROCS }, () =>
    spawn(process.execPath, [path.join(__dirname, '_allocateChild.js'), JSON.stringify(order)], { stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  try {
    await Promise.all(children.map(nextLine));
    const started = Date.now();
    const answers = children.map(nextLine);
    for (const c of children) c.stdin!.write('go\n');
    const reports = (await Promise.all(answers)).map((line) => JSON.parse(line) as AllocateReport);
    const wallMs = Date.now() - started;
    const ports = reports.flatMap((r) => r.ports);
    return {
      contender,
      handedOut: ports.length,
      duplicates: ports.length - new Set(ports).size,
      bindFailures: reports.reduce((n, r) => n + r.bindFailures, 0),
      usPerCall: reports.reduce((n, r) => n + r.allocUs, 0) / ports.length,
      wallMs,
    };
  } finally {
    // Children stay alive until here so no reservation is reclaimed as a dead owner's mid-run.
    await Promise.all(children.map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.stdin!.end();
    })));
  }
}

export async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(memoryTmpDir(), 'port-zero-bench-'));
  const results: Result[] = [];
  try {
    for (const contender of ['ours', 'getport', 'portfinder', 'detectport', 'bind0'] as Contender[]) {
      results.push(await run(contender, root));
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(`allocate: ${PROCS} processes x ${PER} ports, all at once, each port bound right after`);
  console.log('contender    handed out  duplicates  bind failures  us/call   wall ms');
  for (const r of results) {
    console.log(
      `${r.contender.padEnd(12)} ${String(r.handedOut).padStart(10)}  ${String(r.duplicates).padStart(10)}  ${String(r.bindFailures).padStart(13)}  ${r.usPerCall.toFixed(0).padStart(7)}  ${String(r.wallMs).padStart(8)}`,
    );
  }
  const by = (c: Contender): Result => results.find((r) => r.contender === c)!;
  console.log(
    `BENCH allocate procs=${PROCS} per=${PER} ours_dups=${by('ours').duplicates} getport_dups=${by('getport').duplicates} ` +
      `portfinder_dups=${by('portfinder').duplicates} detectport_dups=${by('detectport').duplicates} bind0_dups=${by('bind0').duplicates} ` +
      `ours_bind_failures=${by('ours').bindFailures} ours_us_per_call=${by('ours').usPerCall.toFixed(1)}`,
  );
}
