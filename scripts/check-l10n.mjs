// @ts-check
// Part of `npm run lint`: l10n/bundle.l10n.json is what translators start
// from, so it must hold exactly the strings the code passes to
// vscode.l10n.t today. Regenerates it into a temp folder with the same tool
// (`npm run l10n`) and compares.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const committed = path.join(root, 'l10n', 'bundle.l10n.json');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-l10n-'));
try {
  const cli = path.join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
  execFileSync(process.execPath, [cli, 'export', '--outDir', temp, path.join(root, 'src')], { stdio: 'pipe' });
  const fresh = fs.readFileSync(path.join(temp, 'bundle.l10n.json'), 'utf8');
  const current = fs.existsSync(committed) ? fs.readFileSync(committed, 'utf8') : undefined;
  if (current !== fresh) {
    const keys = (/** @type {string | undefined} */ text) => new Set(text === undefined ? [] : Object.keys(JSON.parse(text)));
    const [had, has] = [keys(current), keys(fresh)];
    const added = [...has].filter((k) => !had.has(k));
    const gone = [...had].filter((k) => !has.has(k));
    console.error(`l10n/bundle.l10n.json is stale: run npm run l10n (${added.length} string(s) missing from it, ${gone.length} no longer in the code).`);
    for (const k of added.slice(0, 5)) console.error(`  missing: ${JSON.stringify(k)}`);
    for (const k of gone.slice(0, 5)) console.error(`  gone:    ${JSON.stringify(k)}`);
    process.exit(1);
  }
} finally {
  fs.rmSync(temp, { recursive: true, force: true });
}
