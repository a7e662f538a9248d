// @ts-check
// Runs the unit suite (compiled to out/ by esbuild.js) in plain Node and ends
// with a one-line verdict that CI can read whatever the reporter printed.
import Mocha from 'mocha';
import fs from 'node:fs';
import path from 'node:path';

/** @param {string} dir @returns {string[]} */
function testFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.js') ? [p] : [];
  });
}

const files = testFiles(path.resolve('out/test/unit'));
if (files.length === 0) {
  console.error('No compiled unit tests under out/test/unit: run `npm run build` first.');
  process.exit(1);
}
const grep = process.env.MOCHA_GREP;
const mocha = new Mocha({ timeout: 20000, reporter: 'spec', ...(grep ? { grep } : {}) });
for (const f of files.sort()) mocha.addFile(f);
const runner = mocha.run((failures) => {
  const passed = runner.stats?.passes ?? 0;
  console.log(`unit: ${passed} passed, ${failures} failed`);
  process.exitCode = failures > 0 || passed === 0 ? 1 : 0;
});
