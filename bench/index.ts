/**
 * `npm run bench -- <name>… [--option value]…`: runs the named benchmarks
 * (all when none is named). Each lives in bench/<name>.ts and exports
 * `main(options): Promise<void>`, printing a table and then its
 * `BENCH <name> …` line last. Options go to every benchmark named
 * (`discover --load 2`); a benchmark ignores the ones it does not know.
 * `all` names every benchmark; `--markdown [file]` also writes what they
 * printed to docs/benchmarks.md (see _report.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { capture, Section, writeReport } from './_report';

export type BenchOptions = Readonly<Record<string, string>>;

interface Bench {
  main(options: BenchOptions): Promise<void>;
}

/** `--key value` pairs (a bare `--flag` is "true") and the remaining words, the names. */
function parseArgs(args: readonly string[]): { names: string[]; options: BenchOptions } {
  const names: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      names.push(arg);
      continue;
    }
    const next = args[i + 1];
    options[arg.slice(2)] = next !== undefined && !next.startsWith('--') ? (i++, next) : 'true';
  }
  return { names, options };
}

async function run(): Promise<void> {
  const available = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && f !== 'index.js' && !f.startsWith('_'))
    .map((f) => f.slice(0, -3))
    .sort();
  const { names: asked, options } = parseArgs(process.argv.slice(2));
  const names = asked.length > 0 && !(asked.length === 1 && asked[0] === 'all') ? asked : available;
  const unknown = names.filter((name) => !available.includes(name));
  if (unknown.length > 0) throw new Error(`no benchmark "${unknown[0]}"; available: ${available.join(', ')}, or all`);
  const markdown = options.markdown === undefined ? undefined : options.markdown === 'true' ? path.join(__dirname, '..', '..', 'docs', 'benchmarks.md') : path.resolve(options.markdown);
  const loadAtStart = os.loadavg();
  const sections: Section[] = [];
  for (const name of names) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bench = require(path.join(__dirname, name)) as Bench;
    const started = process.hrtime.bigint();
    const output = await capture(() => bench.main(options));
    sections.push({ name, output, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  }
  if (markdown) {
    writeReport(markdown, sections, process.argv.slice(2), loadAtStart);
    console.log(`bench: wrote ${path.relative(process.cwd(), markdown)}`);
  }
}

run().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
