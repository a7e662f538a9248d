// @ts-check
/* global describe, it, afterEach, navigator -- mocha globals, and the page's own navigator inside waitForFunction */
// The Ports view as a user meets it: the Port Zero icon, a server's address
// appearing in the tree, Copy from the context menu, and Start on Free Port
// from the command palette.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../host/install.mjs';
import { openWorkbench } from '../host/workbench.mjs';

const resultsDir = path.join(repoRoot, 'test-results', 'ui');
// The compiled engine (npm run build): the same socket table the extension reads.
const { createSocketSource } = createRequire(import.meta.url)(path.join(repoRoot, 'out', 'src', 'engine', 'sockets', 'createSocketSource.js'));

/** Process group of a pid (field 5 of /proc/<pid>/stat), undefined once it has exited (a zombie included). */
function processGroup(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return state === 'Z' || state === 'X' ? undefined : Number(pgrp);
  } catch {
    return undefined;
  }
}

/** Polls a condition until it holds or the time is up: the page gives no event for a process ending. */
async function until(what, ms, check) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const envServer = path.join(repoRoot, 'test', 'fixtures', 'servers', 'envServer.js');

/** A server outside VS Code, on a port the kernel picks; resolves once it listens. */
async function fixtureServer() {
  const script = "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => console.log(s.address().port));";
  const proc = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [data] = await once(/** @type {import('node:stream').Readable} */ (proc.stdout), 'data');
  return { proc, port: Number(String(data).trim()) };
}

/** The README shows the UI as these tests last saw it: copy test-results/ui/readme/*.png to docs/images/ to update it. */
async function keepForReadme(/** @type {import('playwright-core').Page} */ page, /** @type {string} */ name) {
  const dir = path.join(resultsDir, 'readme');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, name) });
}

describe('Ports view in the workbench', function () {
  /** @type {import('../host/workbench.mjs').Workbench | undefined} */
  let workbench;
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let server;
  /** Groups of servers the extension launched: killing code-server does not reach them (the launcher detaches them). */
  /** @type {number[]} */
  const launchedGroups = [];

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      fs.mkdirSync(resultsDir, { recursive: true });
      const file = path.join(resultsDir, `${this.currentTest.title.replace(/\W+/g, '-')}.png`);
      await workbench.page.screenshot({ path: file }).catch(() => undefined);
      console.error(`ui: screenshot in ${path.relative(repoRoot, file)}`);
    }
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = once(server, 'exit');
      server.kill('SIGKILL');
      await exited;
    }
    server = undefined;
    for (const group of launchedGroups.splice(0)) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch (e) {
        if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'ESRCH') throw e;
      }
    }
    const survivors = (await workbench?.close()) ?? [];
    workbench = undefined;
    assert.deepEqual(survivors, [], 'processes outlived the workbench');
  });

  async function open() {
    workbench = await openWorkbench({
      beforeNavigate: async (page) => {
        await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      },
    });
    const { page } = workbench;
    await page.locator('.activitybar a[aria-label^="Port Zero"], .activitybar .action-item[aria-label^="Port Zero"]').first().click({ timeout: 60000 });
    return page;
  }

  it("shows a listening server's address under its process, and copies it from the context menu", async () => {
    const fixture = await fixtureServer();
    server = fixture.proc;
    const page = await open();
    const address = `127.0.0.1:${fixture.port}`;
    const processRow = page.locator('.monaco-list-row', { hasText: `${fixture.proc.pid} · ` });
    await processRow.first().click({ timeout: 30000 });
    const row = page.locator('.monaco-list-row', { hasText: address });
    await row.first().waitFor({ timeout: 15000 });
    // The process row's tooltip opens over the rows below it: move away and let it close first.
    await page.mouse.move(700, 700);
    await page.locator('.context-view').waitFor({ state: 'hidden', timeout: 15000 });
    await keepForReadme(page, 'ports-view.png');
    await row.first().click({ button: 'right' });
    await page.locator('.monaco-menu .action-label', { hasText: 'Copy Local Address' }).first().click({ timeout: 30000 });
    /** @type {string | undefined} */
    let copied;
    const deadline = Date.now() + 20000;
    while (copied !== address && Date.now() < deadline) {
      copied = await page.evaluate(() => navigator.clipboard.readText());
      if (copied !== address) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(copied, address);
  });

  it('starts a typed command from the palette with Start on Free Port, lists it under Started here, and stops it after the modal', async () => {
    const page = await open();
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.fill('>Port Zero: Start on Free Port');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Start on Free Port' }).first().click({ timeout: 15000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Type a command' }).first().click({ timeout: 15000 });
    // The pick closes and an input box opens in the same widget: fill only once the box asks for the command.
    await page.locator('.quick-input-widget', { hasText: 'A shell command line' }).waitFor({ timeout: 15000 });
    await input.fill(`${JSON.stringify(process.execPath)} ${JSON.stringify(envServer)}`);
    await input.press('Enter');
    await page.locator('.monaco-list-row', { hasText: 'Started here' }).first().waitFor({ timeout: 30000 });
    const started = page.locator('.monaco-list-row', { hasText: /127\.0\.0\.1:\d+/ }).filter({ hasText: 'envServer' }).first();
    await started.waitFor({ timeout: 30000 });
    await keepForReadme(page, 'started-here.png');
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(await started.innerText())?.[1]);
    const snapshot = await createSocketSource().snapshot();
    const pid = snapshot.sockets.find((/** @type {any} */ s) => s.local.port === port && s.state === 'LISTEN')?.pid;
    assert.ok(pid, `nothing listens on ${port}`);
    const group = processGroup(pid);
    if (group !== undefined) launchedGroups.push(group);

    // Stop from the row's inline button; the modal is the workbench's own dialog, clickable here.
    // A refresh can re-render the row between hover and click and swallow the click: the
    // modal is the proof it landed, so click again (at most three times) until it shows.
    const confirm = page.locator('.monaco-dialog-box').getByRole('button', { name: 'Stop Process' });
    for (let attempt = 1; ; attempt++) {
      await started.hover();
      await started.locator('.action-label[aria-label="Stop Process"]').click({ timeout: 30000 });
      try {
        await confirm.waitFor({ timeout: 10000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    await confirm.click({ timeout: 30000 });
    await until(`pid ${pid} to exit`, 30000, () => processGroup(pid) === undefined);
  });
});
