// @ts-check
// `npm run record:gif`: records what a user sees of Start on Free Port (palette →
// typed command → the "listening on" toast → Open in Simple Browser showing the
// page) with Playwright's video, and converts it with ffmpeg into
// docs/images/start-on-free-port.gif for the README.
//
// Toasts show only without the smoke-test driver, and without it the workbench
// ignores extensionDevelopmentPath, so Port Zero comes from the packaged .vsix
// (`npm run package` first), installed as a user installs it
// (test-host.md, "Notifications in this host").
//
// Playwright encodes video with an ffmpeg of its own that `playwright install`
// would download; Debian's ffmpeg (`apt-get install ffmpeg`) does the same job,
// placed where Playwright looks for it, in a throw-away browsers folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureHost, repoRoot } from '../host/install.mjs';
import { startCodeServer } from '../host/codeServer.mjs';

const FFMPEG = process.env.PORT_ZERO_FFMPEG ?? '/usr/bin/ffmpeg';
const vsix = path.join(repoRoot, 'port-zero.vsix');
const gif = path.join(repoRoot, 'docs', 'images', 'start-on-free-port.gif');
const MAX_GIF_BYTES = 2 * 1024 * 1024;
const size = { width: 1280, height: 720 };

if (!fs.existsSync(FFMPEG)) throw new Error(`No ffmpeg at ${FFMPEG}: install it with \`apt-get install ffmpeg\` (or point PORT_ZERO_FFMPEG at one).`);
if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first.`);

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-gif-'));
const { revision } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'node_modules', 'playwright-core', 'browsers.json'), 'utf8'))
  .browsers.find((/** @type {{ name: string }} */ b) => b.name === 'ffmpeg');
fs.mkdirSync(path.join(temp, 'browsers', `ffmpeg-${revision}`), { recursive: true });
fs.symlinkSync(FFMPEG, path.join(temp, 'browsers', `ffmpeg-${revision}`, 'ffmpeg-linux'));
// Read by playwright-core when it loads, hence the dynamic import below.
process.env.PLAYWRIGHT_BROWSERS_PATH = path.join(temp, 'browsers');
const { launchBrowser } = await import('../host/browser.mjs');

// The project a user has open: a dev server that shows a page.
const project = path.join(temp, 'my-app');
fs.mkdirSync(project);
fs.copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'servers', 'httpServer.js'), path.join(project, 'server.js'));
// The fixture's report line is for tests to read; a user's server would print its own, Port Zero says where it listens.
fs.writeFileSync(path.join(project, '_report.js'), 'module.exports = { reportListening() {} };\n');

const host = await ensureHost();
const extensionsDir = path.join(temp, 'extensions');
const configFile = path.join(temp, 'config.yaml');
fs.writeFileSync(configFile, ''); // else code-server writes one with a password into ~/.config
execFileSync(host.node, [host.codeServerEntry, '--config', configFile, '--user-data-dir', path.join(temp, 'install-data'),
  '--extensions-dir', extensionsDir, '--install-extension', vsix], { stdio: 'pipe' });

/**
 * The launcher detaches the server from VS Code's tree, so it is stopped with Port Zero's own
 * command; exit code 1 with nothing listening means it has already gone (a closed window stops
 * what it started).
 */
function stopServer(/** @type {number} */ port) {
  try {
    execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'stop', String(port), '--yes'], { stdio: 'pipe' });
  } catch (err) {
    const output = String(/** @type {{ stderr?: Buffer }} */ (err).stderr ?? '');
    if (!output.includes('nothing listens')) throw err;
  }
}

// The chat side bar would take a third of the picture, empty.
const server = await startCodeServer({ host, folder: project, extensionsDir, testDriver: false, settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' } });
const browser = await launchBrowser();
/** @type {number | undefined} */
let port;
/** Keeps what the page showed when the recording failed. */
let failed = async () => {};
const failureShot = path.join(repoRoot, 'test-results', 'ui', 'record-gif-failure.png');
try {
  const videoDir = path.join(temp, 'video');
  const page = await browser.browser.newPage({ viewport: size, recordVideo: { dir: videoDir, size } });
  const videoStart = Date.now();
  await page.goto(server.workbenchUrl(), { waitUntil: 'commit' });
  failed = async () => { await page.screenshot({ path: failureShot }); };
  await page.locator('.activitybar a[aria-label^="Port Zero"], .activitybar .action-item[aria-label^="Port Zero"]').first().click({ timeout: 120000 });
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  /** Runs a palette command by its full title. */
  const palette = async (/** @type {string} */ title) => {
    await page.keyboard.press('F1');
    await input.fill(`>${title}`);
    await widget.locator('.monaco-list-row.focused', { hasText: title }).waitFor({ timeout: 15000 });
    await input.press('Enter');
  };
  // Only the project's own servers in the view: the rest of this machine is nobody's business in a picture.
  await palette('Port Zero: Show Only Processes in the Workspace');
  await page.getByText('No port matches the view\'s filters.').waitFor({ timeout: 30000 });
  await palette('Notifications: Clear All Notifications');
  await widget.waitFor({ state: 'hidden', timeout: 15000 });
  await page.mouse.move(size.width - 10, size.height / 2);
  const from = (Date.now() - videoStart) / 1000;

  // Text is filled, not typed key by key: on a busy machine each key costs a second of video.
  // The pauses are pacing for the viewer, not synchronisation.
  await page.keyboard.press('F1');
  await input.fill('>Port Zero: Start on Free Port');
  await page.waitForTimeout(800);
  await widget.locator('.monaco-list-row.focused', { hasText: 'Port Zero: Start on Free Port' }).waitFor({ timeout: 15000 });
  await input.press('Enter');
  await widget.locator('.quick-input-title', { hasText: 'Start on Free Port' }).waitFor({ timeout: 15000 });
  await page.waitForTimeout(800);
  await input.fill('node server.js');
  await page.waitForTimeout(800);
  await widget.locator('.monaco-list-row.focused', { hasText: 'Run as a command' }).waitFor({ timeout: 15000 });
  await input.press('Enter');

  const toast = page.locator('.notification-toast', { hasText: 'listening on' }).first();
  await toast.waitFor({ timeout: 60000 });
  port = Number(/127\.0\.0\.1:(\d+)/.exec(await toast.innerText())?.[1]);
  assert.ok(port > 0, `no port in the toast: ${await toast.innerText()}`);
  await page.waitForTimeout(1500);
  // A notification that closes with its server is a progress one, whose actions are links (see UserMessages.whileRunning).
  const open = toast.getByRole('link', { name: 'Open in Simple Browser' });
  await open.hover();
  await page.waitForTimeout(500);
  await open.click();
  const showsPort = (/** @type {string} */ url) => url.includes(`:${port}/`) || url.includes(`/proxy/${port}/`);
  const deadline = Date.now() + 30000;
  while (!page.frames().some((f) => showsPort(f.url()))) {
    assert.ok(Date.now() < deadline, `no frame showed port ${port} within 30 s`);
    await page.waitForTimeout(100);
  }
  await /** @type {import('playwright-core').Frame} */ (page.frames().find((f) => showsPort(f.url()))).getByText('Hello from a dev server').waitFor({ timeout: 30000 });
  await page.mouse.move(size.width - 10, size.height / 2);
  await page.waitForTimeout(2500);
  const to = (Date.now() - videoStart) / 1000;
  stopServer(port);
  port = undefined;
  const video = /** @type {import('playwright-core').Video} */ (page.video());
  await page.close();
  // The browser runs as a Playwright server (see browser.mjs), so the file is fetched, not read in place.
  const webm = path.join(temp, 'start-on-free-port.webm');
  await video.saveAs(webm);

  // A loaded machine stretches every wait: play it faster so the clip stays about 25 s, at most 3 ×.
  const speed = Math.min(3, Math.max(1, (to - from) / 25));
  // One palette for the whole clip (palettegen, then paletteuse): sharp text in few colours.
  const filters = `setpts=PTS/${speed.toFixed(2)},fps=10,scale=900:-1:flags=lanczos,split[a][b];[a]palettegen=max_colors=96:stats_mode=diff[p];[b][p]paletteuse=dither=none:diff_mode=rectangle`;
  execFileSync(FFMPEG, ['-loglevel', 'error', '-y', '-ss', from.toFixed(2), '-to', to.toFixed(2), '-i', webm, '-filter_complex', filters, gif], { stdio: 'inherit' });
  const bytes = fs.statSync(gif).size;
  console.log(`record-gif: ${path.relative(repoRoot, gif)}, ${(to - from).toFixed(1)} s recorded, played ${speed.toFixed(2)} × as fast, ${(bytes / 1024).toFixed(0)} KB`);
  assert.ok(bytes <= MAX_GIF_BYTES, `the GIF is ${bytes} bytes, over the README's 2 MB budget`);
} catch (err) {
  fs.mkdirSync(path.dirname(failureShot), { recursive: true });
  await failed().then(() => console.error(`record-gif: the page as it failed: ${path.relative(repoRoot, failureShot)}`), () => undefined);
  throw err;
} finally {
  try {
    if (port) stopServer(port);
  } finally {
    const survivors = [...(await browser.close()), ...(await server.stop())];
    fs.rmSync(temp, { recursive: true, force: true });
    if (survivors.length > 0) console.error(`record-gif: processes outlived the recording: ${survivors.join(', ')}`);
  }
}
