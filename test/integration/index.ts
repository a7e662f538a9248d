// Entry point the extension host loads as extensionTestsPath (code-server or
// @vscode/test-electron): runs every compiled *.test.js next to it with mocha
// and ends with a one-line verdict the runner's output can be checked by.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/**
 * The same entry serves both trust configurations: a trusted window runs the
 * suite, Restricted Mode (PORT_ZERO_TEST_TRUST=enabled) runs only `untrusted/`.
 */
function testFiles(dir: string, untrusted: boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'untrusted' ? (untrusted ? testFiles(p, false) : []) : untrusted ? [] : testFiles(p, false);
    return !untrusted && e.name.endsWith('.test.js') ? [p] : [];
  });
}

/**
 * In code-server the workbench hands the runner one log stream in which the
 * extension host's lines look like the workbench's own chatter, so the runner
 * sets PORT_ZERO_RELAY_TAG and our lines carry it. Only the reporter and this
 * file can be tagged: the extension host pins `console`'s methods
 * (non-configurable properties), so plain console output stays untagged.
 */
const say = (...args: unknown[]): void => console.log((process.env.PORT_ZERO_RELAY_TAG ?? '') + util.format(...args));

export async function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = say;
  say(`integration: VS Code ${vscode.version}, Node ${process.version}, ${process.platform}, ${vscode.env.appHost}`);
  const grep = process.env.MOCHA_GREP;
  // The workbench relays console output line by line: a reporter without
  // colours or cursor moves keeps it readable.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 20000, ...(grep ? { grep } : {}) });
  say(`integration: workspace ${vscode.workspace.isTrusted ? 'trusted' : 'in Restricted Mode'}`);
  for (const file of testFiles(__dirname, !vscode.workspace.isTrusted).sort()) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const { passed, failed } = await new Promise<{ passed: number; failed: number }>((resolve) => {
    const runner = mocha.run((failures) => resolve({ passed: runner.stats?.passes ?? 0, failed: failures }));
  });
  say(`integration: ${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} integration test(s) failed`);
  if (passed === 0) throw new Error('no integration test ran');
}
