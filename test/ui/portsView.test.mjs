// @ts-check
/* global describe, it, afterEach, navigator, document -- mocha globals, and the page's own globals inside evaluate */
// The Ports view as a user meets it: the Port Zero icon, a server's address
// appearing in the tree, Copy from the context menu, and Start on Free Port
// from the command palette.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { repoRoot } from '../host/install.mjs';
import { extensionHostsOf } from '../host/processes.mjs';
import { fixtureWorkspace, openWorkbench } from '../host/workbench.mjs';

const resultsDir = path.join(repoRoot, 'test-results', 'ui');
// The compiled engine (npm run build): the same socket table and /proc reader the extension uses.
const engine = (/** @type {string} */ file) => createRequire(import.meta.url)(path.join(repoRoot, 'out', 'src', 'engine', file));
const { createSocketSource } = engine('sockets/createSocketSource.js');
const { nodeProcReader } = engine('proc/procReader.js');
const { hasExited, readStat } = engine('proc/procStat.js');

/** Process group of a pid, undefined once it has exited (a zombie included). */
function processGroup(/** @type {number} */ pid) {
  const stat = readStat(nodeProcReader(), '/proc', pid);
  return stat === undefined || hasExited(stat) ? undefined : stat.pgid;
}

const fixtureScript = (/** @type {string} */ name) => path.join(repoRoot, 'test', 'fixtures', 'servers', name);

/** A server outside VS Code, in the workspace folder, on a port the kernel picks; resolves once it listens. */
async function fixtureServer() {
  const script = "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => console.log(s.address().port));";
  // A group of its own, as a server started in a terminal is: the groups of VS Code's ancestors
  // (this runner among them) are the editor's, and offer no Stop.
  const proc = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], cwd: fixtureWorkspace, detached: true });
  const [data] = await once(/** @type {import('node:stream').Readable} */ (proc.stdout), 'data');
  return { proc, port: Number(String(data).trim()) };
}

/*
 * Rows, picks and menu items are chosen by keyboard, because a mouse click on them is a race
 * on a busy machine:
 * - The Ports tree redraws its rows whenever the socket table changes (any process on the
 *   machine opening or closing a socket). A redraw between mouse down and mouse up swallows
 *   the click, and one between Playwright's hit check and the press lands it on a neighbour.
 *   Keyboard focus belongs to the element (by id), not to a DOM row, so redraws leave it be.
 * - A context menu item attaches its mouseup listener 100 ms after it renders, on a timer
 *   (`runOnceToEnableMouseUp` in vs/base/browser/ui/menu/menu.ts, so the right-click's own
 *   mouseup cannot run an item). Chromium serves input before timers on a busy page, so a
 *   prompt click can highlight the item and run nothing. The menu's keys work from the start.
 * And the view shows only the workspace's processes (see showOnlyWorkspaceProcesses), so
 * that nothing else on the machine refreshes it under an open menu.
 */

/** The Ports tree: the one list in the Port Zero side bar. */
function portsTree(/** @type {import('playwright-core').Page} */ page) {
  return page.locator('.sidebar .monaco-list').first();
}

/**
 * The row that has keyboard focus in a list, read in one step in the page.
 * @param {import('playwright-core').Locator} list
 * @returns {Promise<{ index: string | null, text: string, expanded: string | null } | undefined>}
 */
function focusedRow(list) {
  return list.evaluate((el) => {
    const row = el.querySelector('.monaco-list-row.focused');
    return row ? { index: row.getAttribute('data-index'), text: /** @type {HTMLElement} */ (row).innerText, expanded: row.getAttribute('aria-expanded') } : undefined;
  });
}

/**
 * Reads a value until `done` accepts it or the time is up, and returns it: for what the page
 * and the system give no event for (a row taking the focus, a process ending).
 * @template T
 * @param {string} what
 * @param {number} ms
 * @param {() => T | Promise<T>} read
 * @param {(value: T) => boolean} done
 * @returns {Promise<T>}
 */
async function poll(what, ms, read, done) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last seen: ${JSON.stringify(value)})`);
    await delay(100);
  }
}

/**
 * Moves the tree's keyboard focus down, one row per ArrowDown, to the first row whose text
 * `matches` accepts (from the top with `fromTop`). Fails if the focus stops moving first.
 * @param {import('playwright-core').Locator} tree
 * @param {string} what
 * @param {(text: string) => boolean} matches
 */
async function focusTreeRow(tree, what, matches, { fromTop = false } = {}) {
  await tree.focus();
  if (fromTop) await tree.press('Home');
  let row = await poll('a focused row in the Ports tree', 15000, () => focusedRow(tree), (r) => r !== undefined);
  for (let step = 0; step < 500; step++) {
    if (matches(row.text)) return row;
    const before = row;
    await tree.press('ArrowDown');
    row = await poll(`the focus to move on from ${JSON.stringify(before.text)} towards ${what}`, 5000, () => focusedRow(tree),
      (r) => r !== undefined && (r.index !== before.index || r.text !== before.text));
  }
  throw new Error(`no row for ${what} within 500 rows of the Ports tree`);
}

/** Whether a row's text shows `address` itself, not a longer port that starts with its digits. */
function showsAddress(/** @type {string} */ text, /** @type {string} */ address) {
  return new RegExp(`${address.replace(/\./g, '\\.')}(?!\\d)`).test(text);
}

/**
 * Expands the tree row that has keyboard focus and `matches`, and waits until it shows as
 * expanded. While it still shows collapsed, ArrowRight is pressed again (at most once a
 * second): VS Code can drop an expand that a refresh of the view overlaps, as seen right
 * after the view's first renders, and ArrowRight never collapses a row. (On a row that has
 * just expanded it moves the focus to the first child, where the callers go next anyway.)
 * @param {import('playwright-core').Locator} tree
 * @param {string} what
 * @param {(text: string) => boolean} matches
 */
async function expandFocusedRow(tree, what, matches) {
  let pressedAt = 0;
  await poll(`${what} to expand`, 15000, async () => {
    const rows = await tree.evaluate((el) => [...el.querySelectorAll('.monaco-list-row')].map((row) => ({
      text: /** @type {HTMLElement} */ (row).innerText, expanded: row.getAttribute('aria-expanded'), focused: row.classList.contains('focused'),
    })));
    const row = rows.find((r) => matches(r.text));
    if (row?.focused && row.expanded === 'false' && Date.now() - pressedAt >= 1000) {
      if (pressedAt !== 0) console.error(`ui: ${what} still shows collapsed a second after ArrowRight: pressing it again`);
      pressedAt = Date.now();
      await tree.press('ArrowRight');
    }
    return row;
  }, (row) => row?.expanded === 'true');
}

/**
 * Runs the item labelled `label` from the context menu that just opened, by keyboard: the
 * menu has the focus, ArrowDown walks its items (skipping separators), Enter runs the one.
 * @param {import('playwright-core').Page} page
 * @param {string} label
 */
async function runMenuItem(page, label) {
  await page.locator('.monaco-menu .action-label', { hasText: label }).first().waitFor({ timeout: 30000 });
  const readMenu = () => page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    const menu = active?.closest('.monaco-menu');
    const text = (/** @type {Element | null | undefined} */ e) => e?.textContent?.trim() ?? '';
    return {
      focusInMenu: !!menu,
      focused: text(menu?.querySelector('.action-item.focused .action-label')),
      labels: [...(menu?.querySelectorAll('.action-item .action-label') ?? [])].map(text).filter((t) => t !== ''),
    };
  });
  let menu = await readMenu();
  const labels = menu.labels;
  for (let step = 0; step <= labels.length; step++) {
    // Keys pressed with the focus elsewhere would move it in the tree behind the menu.
    assert.ok(menu.focusInMenu, `the context menu ${JSON.stringify(labels)} does not have the keyboard focus`);
    if (menu.focused === label) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
    menu = await readMenu();
  }
  assert.fail(`the ArrowDown key never reached ${JSON.stringify(label)} in the context menu ${JSON.stringify(labels)}`);
}

/**
 * Accepts the quick-input item labelled `label` with Enter once it has the focus; with `only`,
 * once it is also the only row, so that a list whose items are still being replaced cannot
 * move the focus away under the Enter.
 * @param {import('playwright-core').Locator} widget  the `.quick-input-widget`
 * @param {string} label
 */
async function acceptPick(widget, label, { only = false } = {}) {
  const list = widget.locator('.quick-input-list .monaco-list').first();
  await poll(`${JSON.stringify(label)} as the focused pick${only ? ', and the only one' : ''}`, 15000,
    () => list.evaluate((el) => ({
      rows: [...el.querySelectorAll('.monaco-list-row')].map((r) => /** @type {HTMLElement} */ (r).innerText),
      focused: /** @type {HTMLElement | null} */ (el.querySelector('.monaco-list-row.focused'))?.innerText ?? '',
    })),
    (v) => v.focused.includes(label) && (!only || v.rows.length === 1));
  await widget.locator('input').press('Enter');
}

/**
 * Filters the Ports view to processes in the workspace folder, where these tests start their
 * servers, by running the filter command from the palette. Unfiltered, the view refreshes
 * whenever any process on the machine opens or closes a port, and VS Code runs a menu command
 * chosen during a refresh with `undefined` instead of its row (microsoft/vscode#144250, seen
 * here as Copy Local Address copying nothing, about one run in ten on a busy machine).
 * Filtered, only the tests' own servers change it.
 */
async function showOnlyWorkspaceProcesses(/** @type {import('playwright-core').Page} */ page) {
  const widget = page.locator('.quick-input-widget');
  await page.keyboard.press('F1');
  await widget.locator('input').fill('>Port Zero: Show Only Processes in the Workspace');
  await acceptPick(widget, 'Port Zero: Show Only Processes in the Workspace');
}

/**
 * Runs the fixture server through Start on Free Port, typed into the palette, and waits for
 * its row under Started here; returns the row, its port and the server's pid.
 * @param {import('playwright-core').Page} page
 */
async function startTypedCommand(page, script = 'envServer.js') {
  const commandLine = `${JSON.stringify(process.execPath)} ${JSON.stringify(fixtureScript(script))}`;
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  await page.keyboard.press('F1');
  await input.fill('>Port Zero: Start on Free Port');
  await acceptPick(widget, 'Port Zero: Start on Free Port');
  // The picker replaces its items once it has read the workspace's scripts and tasks. The
  // command line, typed first, filters out all but the always-shown "Run as a command", so
  // Enter cannot land on a script that arrives late; Enter runs the typed line at once.
  await widget.locator('.quick-input-title', { hasText: 'Start on Free Port' }).waitFor({ timeout: 15000 });
  await input.fill(commandLine);
  await acceptPick(widget, 'Run as a command', { only: true });
  await page.locator('.monaco-list-row', { hasText: 'Started here' }).first().waitFor({ timeout: 30000 });
  const started = page.locator('.monaco-list-row', { hasText: /127\.0\.0\.1:\d+/ }).filter({ hasText: script.replace(/\.js$/, '') }).first();
  await started.waitFor({ timeout: 30000 });
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(await started.innerText())?.[1]);
  const snapshot = await createSocketSource().snapshot();
  const pid = snapshot.sockets.find((/** @type {any} */ s) => s.local.port === port && s.state === 'LISTEN')?.pid;
  assert.ok(pid, `nothing listens on ${port}`);
  return { started, port, pid };
}

/** The text of every row the Ports tree shows. */
function treeRows(/** @type {import('playwright-core').Page} */ page) {
  return portsTree(page).locator('.monaco-list-row').allInnerTexts();
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
      const logs = path.join(workbench.server.userDataDir, 'logs');
      if (fs.existsSync(logs)) fs.cpSync(logs, path.join(resultsDir, 'logs'), { recursive: true });
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

  async function open(/** @type {Record<string, unknown> | undefined} */ settings = undefined) {
    workbench = await openWorkbench({
      settings,
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
    const isFixtureProcess = (/** @type {string} */ text) => new RegExp(`(^|\\D)${fixture.proc.pid} · `).test(text);
    await showOnlyWorkspaceProcesses(page);
    await poll('the Ports view to show only the fixture server\'s process', 30000, () => treeRows(page),
      (rows) => rows.length === 1 && isFixtureProcess(rows[0]));
    // Hovers (the activity bar's, a row's tooltip) open over the rows: keep the mouse out of the way.
    await page.mouse.move(700, 700);
    await poll('hovers to close', 15000, () => page.locator('.context-view').filter({ visible: true }).count(), (n) => n === 0);
    const tree = portsTree(page);
    await focusTreeRow(tree, `process ${fixture.proc.pid}`, isFixtureProcess, { fromTop: true });
    await expandFocusedRow(tree, `process ${fixture.proc.pid}`, isFixtureProcess);
    // Expanding shows the row as expanded first and asks the extension for its children after.
    await page.locator('.monaco-list-row', { hasText: address }).first().waitFor({ timeout: 15000 });
    await focusTreeRow(tree, address, (text) => showsAddress(text, address));
    await keepForReadme(page, 'ports-view.png');
    // Shift+F10 opens the focused row's own context menu, as a right-click on it does.
    await tree.press('Shift+F10');
    await runMenuItem(page, 'Copy Local Address');
    /** @type {string | undefined} */
    let copied;
    const deadline = Date.now() + 20000;
    while (copied !== address && Date.now() < deadline) {
      copied = await page.evaluate(() => navigator.clipboard.readText());
      if (copied !== address) await delay(200);
    }
    if (copied !== address) {
      const menuOpen = await page.locator('.monaco-menu').first().isVisible();
      assert.equal(copied, address, `the clipboard holds ${JSON.stringify(copied)} 20 s after Enter on Copy Local Address; ${
        menuOpen ? 'the context menu is still open, so the item never ran'
          : 'the context menu closed, so the item ran: without its row (as VS Code runs it during a refresh of the view), or copying something else'}`);
    }
  });

  it('offers no Stop on the code-server process that serves this window, while a server of the user\'s own has one', async () => {
    const fixture = await fixtureServer();
    server = fixture.proc;
    const page = await open();
    // The row of the server this window talks to: the process listening on the workbench's own port.
    const port = Number(new URL(/** @type {NonNullable<typeof workbench>} */ (workbench).url).port);
    const snapshot = await createSocketSource().snapshot();
    const codeServer = snapshot.sockets.find((/** @type {any} */ s) => s.state === 'LISTEN' && s.local.port === port)?.pid;
    assert.ok(codeServer, `nothing listens on the workbench's port ${port}`);
    const rowPattern = (/** @type {number} */ pid) => `(^|\\D)${pid} · `;
    await poll('rows for code-server and the fixture server', 30000, () => treeRows(page), (rows) =>
      [codeServer, fixture.proc.pid].every((pid) => rows.some((text) => new RegExp(rowPattern(pid)).test(text))));
    await page.mouse.move(700, 700);
    const tree = portsTree(page);
    /** The inline actions of a process's row once it has the keyboard focus (VS Code renders them for the focused row). */
    const focusedActions = async (/** @type {number} */ pid) => {
      await focusTreeRow(tree, `process ${pid}`, (text) => new RegExp(rowPattern(pid)).test(text), { fromTop: true });
      return tree.locator('.monaco-list-row.focused .actions .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    };
    // The control: a focused row of the user's own server shows its inline Stop, so its absence below means something.
    await focusedActions(fixture.proc.pid);
    await tree.locator('.monaco-list-row.focused .action-label[aria-label^="Stop Process"]').waitFor({ timeout: 15000 });
    const editor = await focusedActions(codeServer);
    assert.ok(!editor.some((l) => l.startsWith('Stop')), `code-server (pid ${codeServer}) offers ${JSON.stringify(editor)}`);
    // Start on Free Port stays one click away in the view's title bar, whatever the view shows.
    await page.locator('.pane-header .actions .action-label[aria-label*="Start on Free Port"]').first().waitFor({ state: 'attached', timeout: 15000 });
    await keepForReadme(page, 'no-stop-on-vscode.png');
  });

  it('starts a typed command from the palette with Start on Free Port, lists it under Started here, and stops it after the modal', async () => {
    const page = await open();
    await showOnlyWorkspaceProcesses(page);
    await page.getByText('No port matches the view\'s filters.').waitFor({ timeout: 30000 });
    const { started, port, pid } = await startTypedCommand(page);
    await keepForReadme(page, 'started-here.png');
    const group = processGroup(pid);
    if (group !== undefined) launchedGroups.push(group);

    // The row offers Stop inline, for the mouse; run it from the row's context menu by keyboard.
    const tree = portsTree(page);
    await focusTreeRow(tree, `the envServer row on port ${port}`, (text) => text.includes('envServer') && showsAddress(text, `127.0.0.1:${port}`), { fromTop: true });
    await started.locator('.action-label[aria-label="Stop Process"]').waitFor({ timeout: 30000 });
    await tree.press('Shift+F10');
    await runMenuItem(page, 'Stop Process');
    // The modal is the workbench's own dialog: nothing redraws it, so a click is safe.
    const confirm = page.locator('.monaco-dialog-box').getByRole('button', { name: 'Stop Process' });
    await confirm.click({ timeout: 30000 });
    await poll(`pid ${pid} to exit`, 30000, () => processGroup(pid), (group) => group === undefined);
  });

  it('Start on Free Port leads with "Type a command…", runs typed text on Enter under a short name beside its address, and its "listening on" notification leaves the Notification Center when the server dies', async function () {
    // A workbench load, a launch and the Notification Center: more than two minutes on a busy machine.
    this.timeout(300000);
    const page = await open();
    await showOnlyWorkspaceProcesses(page);
    const widget = page.locator('.quick-input-widget');
    await page.keyboard.press('F1');
    await widget.locator('input').fill('>Port Zero: Start on Free Port');
    await acceptPick(widget, 'Port Zero: Start on Free Port');
    await widget.locator('.quick-input-title', { hasText: 'Start on Free Port' }).waitFor({ timeout: 15000 });
    const firstPick = widget.locator('.quick-input-list .monaco-list-row').first();
    await poll('the first pick', 15000, () => firstPick.innerText().catch(() => ''), (text) => text !== '' && !text.includes('Port Zero:'));
    assert.match((await firstPick.innerText()).trim(), /^Type a command…/);
    await page.keyboard.press('Escape');
    const { port, pid } = await startTypedCommand(page);
    const group = processGroup(pid);
    if (group !== undefined) launchedGroups.push(group);
    const row = page.locator('.monaco-list-row', { hasText: `127.0.0.1:${port}` }).filter({ hasText: 'envServer' }).first();
    // The label is the script's name, not the command line that would push the address out of sight.
    assert.equal((await row.locator('.label-name').innerText()).trim(), 'envServer.js');
    const center = page.locator('.notifications-center');
    await poll('the Notification Center to open', 30000, async () => {
      if (!(await center.isVisible())) await page.locator('[id="status.notifications"]').click({ timeout: 5000 }).catch(() => undefined);
      return center.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
    }, (shown) => shown);
    const listeningItem = center.locator('.notification-list-item', { hasText: `envServer.js: listening on http://127.0.0.1:${port}/` });
    await listeningItem.first().waitFor({ timeout: 30000 });
    await keepForReadme(page, 'listening-notification.png');
    process.kill(pid, 'SIGKILL');
    await center.locator('.notification-list-item', { hasText: 'envServer.js exited (' }).first().waitFor({ timeout: 30000 });
    await listeningItem.first().waitFor({ state: 'detached', timeout: 30000 });
  });

  it('stops the process holding a port typed into Stop the Process on a Port, after a modal that names what it holds', async () => {
    const fixture = await fixtureServer();
    server = fixture.proc;
    const page = await open();
    const widget = page.locator('.quick-input-widget');
    const input = widget.locator('input');
    await page.keyboard.press('F1');
    await input.fill('>Port Zero: Stop the Process on a Port');
    await acceptPick(widget, 'Port Zero: Stop the Process on a Port');
    await widget.filter({ hasText: 'The port whose process to stop' }).waitFor({ timeout: 15000 });
    // Checked as typed: a wrong port says why before Enter.
    await input.fill('51a73');
    await widget.getByText('A port is a whole number').waitFor({ timeout: 15000 });
    await input.fill(`127.0.0.1:${fixture.port}`);
    await widget.getByText('A port is a whole number').waitFor({ state: 'detached', timeout: 15000 });
    await input.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByText(`Stop process ${fixture.proc.pid}?`).waitFor({ timeout: 30000 });
    await dialog.getByText(`Holds: TCP 127.0.0.1:${fixture.port} (LISTEN)`).waitFor({ timeout: 15000 });
    await keepForReadme(page, 'stop-on-port.png');
    // The modal is the workbench's own dialog: nothing redraws it, so a click is safe.
    await dialog.getByRole('button', { name: 'Stop Process' }).click({ timeout: 30000 });
    await poll(`pid ${fixture.proc.pid} to exit`, 30000, () => processGroup(/** @type {number} */ (fixture.proc.pid)), (group) => group === undefined);
  });

  it('opens a server started with openOnReady "simpleBrowser" in the Simple Browser the moment it listens', async () => {
    const page = await open({ 'portZero.launch.openOnReady': 'simpleBrowser' });
    await showOnlyWorkspaceProcesses(page);
    await page.getByText('No port matches the view\'s filters.').waitFor({ timeout: 30000 });
    const { port, pid } = await startTypedCommand(page, 'httpServer.js');
    const group = processGroup(pid);
    if (group !== undefined) launchedGroups.push(group);
    await page.locator('.tabs-container .tab', { hasText: 'Simple Browser' }).first().waitFor({ timeout: 30000 });
    // The Simple Browser shows the page in an iframe inside its webview's iframe; code-server's asExternalUri
    // rewrites a local port to its own /proxy/<port>/ path.
    const showsPort = (/** @type {string} */ url) => url.includes(`:${port}/`) || url.includes(`/proxy/${port}/`);
    await poll(`a frame showing port ${port}`, 30000, () => page.frames().map((f) => f.url()), (urls) => urls.some(showsPort));
    const frame = page.frames().find((f) => showsPort(f.url()));
    await /** @type {NonNullable<typeof frame>} */ (frame).getByText('Hello from a dev server').waitFor({ timeout: 30000 });
    await keepForReadme(page, 'open-on-ready.png');
  });

  it('offers, after its extension host was killed with SIGKILL and the window reloaded, the server it left running, and Keep brings it back under Started here', async function () {
    // Two workbench loads and a launch: more than the other tests' two minutes on a busy machine.
    this.timeout(300000);
    const page = await open();
    await showOnlyWorkspaceProcesses(page);
    await page.getByText('No port matches the view\'s filters.').waitFor({ timeout: 30000 });
    const { port, pid } = await startTypedCommand(page);
    const group = processGroup(pid);
    if (group !== undefined) launchedGroups.push(group);
    const tree = /** @type {NonNullable<typeof workbench>} */ (workbench).server.tree;
    const hosts = extensionHostsOf(tree);
    assert.ok(hosts.length > 0, 'no extension host found');
    for (const host of hosts) process.kill(host, 'SIGKILL');
    await poll('the killed extension host to be gone', 15000, () => extensionHostsOf(tree), (now) => hosts.every((h) => !now.includes(h)));
    assert.notEqual(processGroup(pid), undefined, 'the server died with its extension host: nothing to recover');

    await page.reload();
    await page.locator('.activitybar a[aria-label^="Port Zero"], .activitybar .action-item[aria-label^="Port Zero"]').first().click({ timeout: 60000 });
    // Toasts are off in this host (smoke-test driver): the question waits in the Notification Center,
    // opened with the status bar's bell as a user would (the palette, right after a reload, loses
    // its focus to the workbench still restoring its views).
    const center = page.locator('.notifications-center');
    await poll('the Notification Center to open', 60000, async () => {
      if (!(await center.isVisible())) await page.locator('[id="status.notifications"]').click({ timeout: 5000 }).catch(() => undefined);
      return center.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
    }, (open) => open);
    const question = page.locator('.notifications-center .notification-list-item', { hasText: 'ended unexpectedly' }).first();
    await question.waitFor({ timeout: 60000 });
    assert.match(await question.innerText(), new RegExp(`${pid}`));
    await keepForReadme(page, 'lost-window.png');
    await question.getByRole('button', { name: 'Keep' }).click({ timeout: 15000 });
    await page.locator('.monaco-list-row', { hasText: `127.0.0.1:${port}` }).filter({ hasText: 'envServer' }).first().waitFor({ timeout: 30000 });
  });
});
