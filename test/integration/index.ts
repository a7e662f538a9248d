// Entry point the extension host loads as extensionTestsPath (code-server or
// @vscode/test-electron): runs every compiled *.test.js next to it with mocha
// and ends with a one-line verdict the runner's output can be checked by.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { relay, runMochaSuite, testFiles } from '../host/mochaSuite';

/**
 * The same entry serves both trust configurations: a trusted window runs the
 * suite, Restricted Mode (PORT_ZERO_TEST_TRUST=enabled) runs only `untrusted/`.
 */
export async function run(): Promise<void> {
  const untrusted = path.join(__dirname, 'untrusted');
  relay(`integration: workspace ${vscode.workspace.isTrusted ? 'trusted' : 'in Restricted Mode'}`);
  const files = vscode.workspace.isTrusted
    ? testFiles(__dirname).filter((f) => !f.startsWith(untrusted + path.sep))
    : testFiles(untrusted);
  await runMochaSuite('integration', __dirname, 20000, files);
}
