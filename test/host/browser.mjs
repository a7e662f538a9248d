// @ts-check
// Debian's Chromium driven by playwright-core: the workbench's client. Never
// `playwright install` here, it downloads a browser and fails offline.
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { killTree, newTree } from './processes.mjs';

export const CHROMIUM = process.env.PORT_ZERO_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox', // tests run as root, where Chromium refuses its sandbox
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * @typedef {object} Browser
 * @property {import('playwright-core').Browser} browser
 * @property {number} pid  also the process group id
 * @property {import('./processes.mjs').Tree} tree
 * @property {() => Promise<number[]>} close  kills the tree; returns pids that survived
 */

/**
 * @param {{ headless?: boolean }} [opts]
 * @returns {Promise<Browser>}
 */
export async function launchBrowser({ headless = true } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install it with \`apt-get install chromium\` (or point PORT_ZERO_CHROMIUM at a Chromium binary).`);
  }
  // launchServer rather than launch: it exposes the browser's pid, so the
  // cleanup can check and kill the whole process group itself.
  const named = newTree('chromium');
  const server = await chromium.launchServer({
    executablePath: CHROMIUM,
    headless,
    args: ARGS,
    env: { ...process.env, [named.envKey]: named.envValue },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const pid = /** @type {number} */ (server.process().pid);
  const tree = named.track(pid);
  let browser;
  try {
    browser = await chromium.connect(server.wsEndpoint());
  } catch (err) {
    await killTree(tree);
    throw err;
  }
  let closed = /** @type {Promise<number[]> | undefined} */ (undefined);
  return {
    browser,
    pid,
    tree,
    close() {
      closed ??= (async () => {
        await browser.close().catch(() => {});
        await server.close().catch(() => {});
        return killTree(tree, 1000);
      })();
      return closed;
    },
  };
}
