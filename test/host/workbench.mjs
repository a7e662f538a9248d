// @ts-check
// One code-server plus one Chromium page on its workbench: what the
// integration runner, `npm start` checks and Playwright UI tests share.
import path from 'node:path';
import { launchBrowser } from './browser.mjs';
import { startCodeServer } from './codeServer.mjs';
import { ensureHost, repoRoot } from './install.mjs';

export const fixtureWorkspace = path.join(repoRoot, 'test', 'fixtures', 'workspace');

/**
 * @typedef {object} Workbench
 * @property {import('./codeServer.mjs').CodeServer} server
 * @property {import('./browser.mjs').Browser} browser
 * @property {import('playwright-core').Page} page
 * @property {string} url
 * @property {() => Promise<number[]>} close  stops both; returns pids that survived
 */

/**
 * @param {object} [opts]
 * @param {import('./codeServer.mjs').TrustMode} [opts.trust]
 * @param {string} [opts.folder]
 * @param {boolean | string} [opts.tests]  also load a tests module as extensionTestsPath:
 *   `true` for out/test/integration/index.js, or the absolute path of another one
 * @param {string} [opts.developmentPath]  the extensionDevelopmentPath (default: this checkout)
 * @param {string} [opts.extensionsDir]  a prepared extensions folder (see startCodeServer)
 * @param {(page: import('playwright-core').Page) => Promise<void>} [opts.beforeNavigate]  e.g. exposeFunction
 * @param {(line: string) => void} [opts.onServerLine]
 * @param {Record<string, unknown>} [opts.settings]
 * @param {Record<string, string>} [opts.env]  extra environment for code-server and the extension host
 * @param {(close: () => Promise<number[]>) => void} [opts.onCleanup]  receives `close` as soon as
 *   something runs, so a signal arriving mid-start can still clean up
 * @returns {Promise<Workbench>}
 */
export async function openWorkbench({ trust, folder = fixtureWorkspace, tests = false, developmentPath = repoRoot, extensionsDir, beforeNavigate, onServerLine, settings, env, onCleanup } = {}) {
  const host = await ensureHost();
  const server = await startCodeServer({ host, folder, trust, settings, env, extensionsDir, onLine: onServerLine });
  /** @type {import('./browser.mjs').Browser | undefined} */
  let browser;
  const close = async () => [...(browser ? await browser.close() : []), ...(await server.stop())];
  onCleanup?.(close);
  try {
    browser = await launchBrowser();
    // A user's VS Code reads back what it copied. VS Code 1.90's web workbench
    // reads the browser's clipboard, which headless Chromium refuses without
    // these; newer workbenches keep their own copy.
    const page = await browser.browser.newPage({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    if (beforeNavigate) await beforeNavigate(page);
    /** @type {[string, string][]} */
    const payload = [['extensionDevelopmentPath', server.remoteUri(developmentPath)]];
    const testsPath = tests === true ? path.join(repoRoot, 'out', 'test', 'integration', 'index.js') : tests;
    if (testsPath) payload.push(['extensionTestsPath', server.remoteUri(testsPath)]);
    const url = server.workbenchUrl(payload);
    // 'commit': the suite's own exit hook and the overall timeout bound the
    // rest; waiting for 'load' only adds a second, shorter limit on a busy machine.
    await page.goto(url, { waitUntil: 'commit' });
    return { server, browser, page, url, close };
  } catch (err) {
    await close();
    throw err;
  }
}
