// The in-extension-host half of the harness for suites other than
// test/integration (the smoke suite against the installed .vsix, the soak):
// runs every compiled *.test.js of one folder with mocha and fails the run
// when a test fails or none ran.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/**
 * A line the runner relays to its own output. The extension host pins
 * `console`, so untagged lines end up only in the workbench log; the runner
 * sets PORT_ZERO_RELAY_TAG and relays the lines that carry it.
 */
export const relay = (...args: unknown[]): void => console.log((process.env.PORT_ZERO_RELAY_TAG ?? '') + util.format(...args));

export function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.js') ? [p] : [];
  });
}

export async function runMochaSuite(label: string, dir: string, timeoutMs: number, files: readonly string[] = testFiles(dir)): Promise<void> {
  Mocha.reporters.Base.consoleLog = relay;
  relay(`${label}: VS Code ${vscode.version}, Node ${process.version}, ${process.platform}, ${vscode.env.appHost}`);
  const grep = process.env.MOCHA_GREP;
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: timeoutMs, ...(grep ? { grep } : {}) });
  for (const file of [...files].sort()) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const { passed, failed } = await new Promise<{ passed: number; failed: number }>((resolve) => {
    const runner = mocha.run((failures) => resolve({ passed: runner.stats?.passes ?? 0, failed: failures }));
  });
  relay(`${label}: ${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} ${label} test(s) failed`);
  if (passed === 0) throw new Error(`no ${label} test ran`);
}
