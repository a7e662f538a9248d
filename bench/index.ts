/**
 * `npm run bench -- <name>… [--option value]…`: runs the named benchmarks
 * (all when none is named). Each lives in bench/<name>.ts and exports
 * `main(options): Promise<void>`, printing a table and then its
 * `BENCH <name> …` line last. Options go to every benchmark named
 * (`discover --load 2`); a benchmark ignores the ones it does not know.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

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
  const names = asked.length > 0 ? asked : available;
  for (const name of names) {
    if (!available.includes(name)) {
      throw new Error(`no benchmark "${name}"; available: ${available.join(', ')}`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bench = require(path.join(__dirname, name)) as Bench;
    await bench.main(options);
  }
}

run().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
