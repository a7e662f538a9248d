// @ts-check
/* global describe, it, before, afterEach -- mocha globals */
// The Containers group as a user meets it: containers started with compose
// labels show under their names, with image, service and published ports;
// the picture is the README's.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { repoRoot } from '../host/install.mjs';
import { openWorkbench } from '../host/workbench.mjs';

const run = promisify(execFile);
const IMAGE = 'port-zero-busybox';
const resultsDir = path.join(repoRoot, 'test-results', 'ui');
const docker = async (/** @type {string[]} */ ...args) => (await run('docker', args, { timeout: 60000 })).stdout.trim();

/** @param {string} name @param {string} service @param {string} publish */
async function startService(name, service, publish) {
  await docker('rm', '-f', name).catch(() => undefined);
  await docker('run', '-d', '--name', name, '--stop-timeout', '1', '-l', 'com.docker.compose.project=shop', '-l', `com.docker.compose.service=${service}`,
    '-p', publish, IMAGE, '/bin/busybox', 'httpd', '-f', '-p', '8080', '-h', '/www');
  return (await docker('port', name, '8080/tcp')).split('\n')[0];
}

describe('Containers group in the workbench', function () {
  this.timeout(180000);
  /** @type {import('../host/workbench.mjs').Workbench | undefined} */
  let workbench;
  /** @type {string[]} */
  const names = [];

  before(async function () {
    try {
      await docker('image', 'inspect', IMAGE);
    } catch (e) {
      console.log(`      skipped: no Docker engine with the ${IMAGE} image answers here (test/host/docker-engine.sh starts one as root): ${String(e).split('\n')[0]}`);
      this.skip();
    }
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      fs.mkdirSync(resultsDir, { recursive: true });
      await workbench.page.screenshot({ path: path.join(resultsDir, 'containers-failure.png') }).catch(() => undefined);
    }
    if (names.length > 0) await docker('rm', '-f', ...names.splice(0)).catch(() => undefined);
    const survivors = (await workbench?.close()) ?? [];
    workbench = undefined;
    assert.deepEqual(survivors, [], 'processes outlived the workbench');
  });

  it('shows each container under its name with image, compose service, status and published ports', async () => {
    // Named as `docker compose up` names them, for the README's picture.
    names.push('shop-web-1', 'shop-api-1');
    const web = await startService(names[0], 'web', '127.0.0.1::8080');
    const api = await startService(names[1], 'api', '127.0.0.1::8080');
    workbench = await openWorkbench({ settings: {} });
    const { page } = workbench;
    await page.locator('.activitybar a[aria-label^="Port Zero"], .activitybar .action-item[aria-label^="Port Zero"]').first().click({ timeout: 150000 });
    // A sidebar wide enough for the descriptions: drag its edge, as a user would.
    const sidebar = await page.locator('.part.sidebar').boundingBox();
    if (sidebar) {
      await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + 300);
      await page.mouse.down();
      await page.mouse.move(sidebar.x + 620, sidebar.y + 300, { steps: 5 });
      await page.mouse.up();
    }
    const tree = page.locator('.sidebar .monaco-list').first();
    const expected = ['shop-web-1', `${web} → 8080/tcp`, 'shop-api-1', `${api} → 8080/tcp`, `${IMAGE} · shop/web`, `${IMAGE} · shop/api`];
    const deadline = Date.now() + 60000;
    /** @type {string[]} */
    let rows = [];
    // The tree draws what the extension's poll read; there is no page event for "the rows changed".
    while (!expected.every((e) => rows.some((r) => r.includes(e))) && Date.now() < deadline) {
      await delay(200);
      rows = await tree.locator('.monaco-list-row').allInnerTexts();
    }
    for (const e of expected) assert.ok(rows.some((r) => r.includes(e)), `no row shows ${e}: ${JSON.stringify(rows)}`);
    assert.equal(rows[0].trim(), 'Containers');
    await page.mouse.move(700, 700);
    const dir = path.join(resultsDir, 'readme');
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'containers.png') });
  });
});
