/**
 * `npm run bench -- cli`: 4 shells at once each run `port-zero port` 25
 * times through the shim (bin/port-zero → dist/cli.js), 100 calls in all,
 * and the same 4 × 25 of `node -e 0` for what Node's start-up alone costs.
 * ms per call is a shell's wall time over its 25 calls, averaged over the
 * shells; dups counts ports printed more than once (all reservations outlive
 * the run, so any repeat is a port handed out twice). Reservations go to a
 * private directory, not the user's.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BenchOptions } from './index';

const SHELLS = 4;
const PER_SHELL = 25;
const shim = path.resolve(__dirname, '..', '..', 'bin', 'port-zero');

interface Shell {
  readonly ms: number;
  readonly stdout: string;
}

function shell(command: string, env: NodeJS.ProcessEnv): Promise<Shell> {
  const script = `i=0; while [ $i -lt ${PER_SHELL} ]; do ${command} || exit; i=$((i+1)); done`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - started, stdout }) : reject(new Error(`${command} failed in a shell (exit ${code})`))));
  });
}

async function round(command: string, env: NodeJS.ProcessEnv): Promise<{ msPerCall: number; printed: string[] }> {
  const shells = await Promise.all(Array.from({ length: SHELLS }, () => shell(command, env)));
  return {
    msPerCall: shells.reduce((sum, s) => sum + s.ms / PER_SHELL, 0) / SHELLS,
    printed: shells.flatMap((s) => s.stdout.split('\n').filter(Boolean)),
  };
}

export async function main(_options: BenchOptions): Promise<void> {
  if (!fs.existsSync(path.resolve(shim, '..', '..', 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first.');
  // The benchmark owns the reservations (as a VS Code window does), so they outlive each call
  // and end with it; they are made in this user's own store, which no variable moves.
  const env = { ...process.env, PORT_ZERO_NODE: process.execPath, PORT_ZERO_EDITOR_PID: String(process.pid), PORT_ZERO_RANGE: '', PORT_ZERO_RESERVATION_SECONDS: '600' };
  const node = await round(`"${process.execPath}" -e 0`, env);
  const cli = await round(`"${shim}" port`, env);
  const bad = cli.printed.filter((line) => !/^\d+$/.test(line));
  if (bad.length > 0 || cli.printed.length !== SHELLS * PER_SHELL) throw new Error(`port-zero port printed ${cli.printed.length} lines, not ports: ${bad.slice(0, 3).join(' | ')}`);
  const dups = cli.printed.length - new Set(cli.printed).size;
  console.log(`| ${SHELLS} shells × ${PER_SHELL} calls | ms per call | ports handed out twice |`);
  console.log('|---|---|---|');
  console.log(`| port-zero port (shim, Node start-up included) | ${cli.msPerCall.toFixed(1)} | ${dups} |`);
  console.log(`| node -e 0 (Node start-up alone) | ${node.msPerCall.toFixed(1)} | |`);
  console.log(`BENCH cli calls=${cli.printed.length} ms_per_call=${cli.msPerCall.toFixed(1)} dups=${dups} node_e0_ms=${node.msPerCall.toFixed(1)}`);
}
