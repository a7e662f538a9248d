/**
 * `--markdown [file]`: everything the benchmarks of one run print, written as
 * one Markdown page (docs/benchmarks.md by default) headed by the machine it
 * ran on. README and CHANGELOG link to that page instead of keeping their own
 * copies of numbers, so every figure a reader sees comes from the same run.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';

export interface Section {
  readonly name: string;
  readonly output: string;
  readonly seconds: number;
}

/** Runs `body` while copying what it writes to stdout into the returned text (it is still printed). */
export async function capture(body: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    await body();
  } finally {
    process.stdout.write = write;
  }
  return chunks.join('');
}

function tool(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n')[0];
  } catch {
    return 'not installed';
  }
}

function machine(loadAtStart: readonly number[]): string[] {
  const cpus = os.cpus();
  return [
    `- when: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `- CPU: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}`,
    `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- system: ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node: ${process.version}; ss: ${tool('ss', ['-V'])}`,
    `- load average when the run began: ${loadAtStart.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min)`,
  ];
}

export function writeReport(file: string, sections: readonly Section[], args: readonly string[], loadAtStart: readonly number[]): void {
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench -- ${args.join(' ')}\` from one run: every figure below comes from the same`,
    'machine at the same time, side by side with the tools users would pick instead. How each benchmark',
    'measures is in [CONTRIBUTING.md](../CONTRIBUTING.md#benchmarks) and at the top of its file in `bench/`.',
    '',
    '## Machine',
    '',
    ...machine(loadAtStart),
    '',
  ];
  for (const section of sections) {
    // eslint-disable-next-line no-control-regex -- the colour codes some benchmarks print
    const output = section.output.replace(/\x1b\[[0-9;]*m/g, '').trimEnd();
    const summary = output.split('\n').filter((l) => l.startsWith('BENCH ')).pop();
    lines.push(`## ${section.name}`, '');
    if (summary) lines.push(`\`${summary}\``, '');
    lines.push('```text', output, '```', '', `(${section.seconds.toFixed(0)} s)`, '');
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.join('\n'));
}
