// @ts-check
/* global describe, it, afterEach -- mocha globals */
// The Sockets view's Terminals group as a user meets it: a server typed into an integrated
// terminal appears under that terminal's name. Its picture is the README's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../host/install.mjs';
import { openWorkbench } from '../host/workbench.mjs';

const resultsDir = path.join(repoRoot, 'test-results', 'ui');
const zeroServer = path.join(repoRoot, 'test', 'fixtures', 'servers', 'zeroServer.js');

/** Runs a palette command by its full title. */
async function runCommand(/** @type {import('playwright-core').Page} */ page, /** @type {string} */ title) {
  const widget = page.locator('.quick-input-widget');
  await page.keyboard.press('F1');
  await widget.locator('input').fill(`>${title}`);
  await widget.locator('.monaco-list-row.focused', { hasText: title }).waitFor({ timeout: 15000 });
  await widget.locator('input').press('Enter');
}

describe('Terminals in the Sockets view', function () {
  /** @type {import('../host/workbench.mjs').Workbench | undefined} */
  let workbench;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      fs.mkdirSync(resultsDir, { recursive: true });
      await workbench.page.screenshot({ path: path.join(resultsDir, 'terminals-failure.png') }).catch(() => undefined);
    }
    // close() ends the terminals' shells and what they started too: they carry the workbench's tree mark.
    const survivors = (await workbench?.close()) ?? [];
    workbench = undefined;
    assert.deepEqual(survivors, [], 'processes outlived the workbench');
  });

  it("lists a server typed into a terminal under Terminals, by the terminal's name", async () => {
    workbench = await openWorkbench({});
    const { page } = workbench;
    await page.locator('.activitybar a[aria-label^="Port Zero"], .activitybar .action-item[aria-label^="Port Zero"]').first().click({ timeout: 60000 });
    // Only the workspace's processes: the server below, started in the workspace folder.
    await runCommand(page, 'Port Zero: Show Only Processes in the Workspace');
    await runCommand(page, 'Terminal: Create New Terminal');
    // Typed once the terminal has the keyboard; VS Code holds what is typed until the shell is up.
    await page.locator('.terminal.xterm.focus').first().waitFor({ timeout: 30000 });
    await page.keyboard.type(`PORT=0 HOST=127.0.0.1 ${JSON.stringify(process.execPath)} ${JSON.stringify(zeroServer)}`);
    await page.keyboard.press('Enter');
    const tree = page.locator('.sidebar .monaco-list').first();
    const row = (/** @type {number} */ level, /** @type {RegExp} */ text) => tree.locator(`.monaco-list-row[aria-level="${level}"]`, { hasText: text }).first();
    await row(1, /^Terminals/).waitFor({ timeout: 90000 });
    // The terminal's node: named as its tab is while the server runs ("node"), with the address it listens on.
    const terminal = row(2, /127\.0\.0\.1:\d+/);
    await terminal.waitFor({ timeout: 30000 });
    const port = /127\.0\.0\.1:(\d+)/.exec(await terminal.innerText())?.[1];
    await row(3, /zeroServer\.js/).waitFor({ timeout: 30000 });
    await page.mouse.move(700, 700);
    const dir = path.join(resultsDir, 'readme');
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'terminals.png') });
    assert.ok(port, 'the terminal row shows no address');
  });
});
