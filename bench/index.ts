/**
 * `npm run bench -- <name>…`: runs the named benchmarks (all when none is
 * named). Each lives in bench/<name>.ts and exports `main(): Promise<void>`,
 * printing a table and then its `BENCH <name> …` line last.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Bench {
  main(): Promise<void>;
}

async function run(): Promise<void> {
  const available = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && f !== 'index.js' && !f.startsWith('_'))
    .map((f) => f.slice(0, -3))
    .sort();
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = asked.length > 0 ? asked : available;
  for (const name of names) {
    if (!available.includes(name)) {
      throw new Error(`no benchmark "${name}"; available: ${available.join(', ')}`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bench = require(path.join(__dirname, name)) as Bench;
    await bench.main();
  }
}

run().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
