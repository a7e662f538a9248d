// @ts-check
// `node test/ui/run-ui.mjs` (after `npm run build`): drives the real workbench
// in Chromium, as a user would, with mocha over test/ui/*.test.mjs.
import Mocha from 'mocha';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const files = fs.readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort();
const grep = process.env.MOCHA_GREP;
const mocha = new Mocha({ timeout: 120000, reporter: 'spec', ...(grep ? { grep } : {}) });
for (const f of files) mocha.addFile(path.join(here, f));
await mocha.loadFilesAsync();
const runner = mocha.run((failures) => {
  const passed = runner.stats?.passes ?? 0;
  console.log(`ui: ${passed} passed, ${failures} failed`);
  // Exit explicitly: a browser or server left behind must not keep CI waiting.
  process.exit(failures > 0 || passed === 0 ? 1 : 0);
});
