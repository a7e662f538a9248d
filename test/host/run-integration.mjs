// @ts-check
// `npm run test:integration`: runs the compiled suite out/test/integration in
// a real VS Code and exits with its verdict.
//
// Environment:
//   PORT_ZERO_TEST_HOST=floor       run in the oldest VS Code engines.vscode allows (code-server
//                                   4.90.3 = VS Code 1.90.2, in .vscode-test/floor; see hosts.mjs)
//                                   instead of the main host; evidence goes to test-results/NAME-floor/
//   PORT_ZERO_TEST_ROUTE=electron   run the same suite through @vscode/test-electron
//                                   (desktop VS Code; needs Microsoft's download server)
//                                   instead of code-server + Chromium (the default, offline)
//   PORT_ZERO_TEST_TRUST=enabled    workspace trust on: the fixture opens in Restricted Mode
//                                   (default `disabled`: trusted without asking)
//   PORT_ZERO_TEST_TIMEOUT_MS=N     overall limit once the host is installed (default 600000)
//   PORT_ZERO_CHROMIUM=PATH         Chromium binary (default /usr/bin/chromium)
//   PORT_ZERO_TEST_VERBOSE=1        also print the workbench's own log lines
//   MOCHA_GREP=PATTERN              run only the tests whose names match
//   PORT_ZERO_TEST_SUITE=NAME       run out/test/NAME/index.js instead (e.g. `soak`, `smoke`);
//                                   evidence goes to test-results/NAME/
//   PORT_ZERO_TEST_DEVELOPMENT_PATH=DIR   extensionDevelopmentPath (default this checkout)
//   PORT_ZERO_TEST_EXTENSIONS_DIR=DIR     a prepared --extensions-dir (default a fresh empty one)
//   PORT_ZERO_TEST_SETTINGS=JSON    extra user settings, e.g. {"portZero.socketEngine":"systeminformation"}
//                                   (the last three: test/host/run-vsix-smoke.mjs, which tests the installed .vsix)
// On failure a screenshot, the VS Code logs and the code-server output are
// kept in test-results/integration/.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { selectedHost } from './hosts.mjs';
import { ensureHost, repoRoot } from './install.mjs';
import { endLikeAUser, launchesLeftBy, onTermination, processesOf } from './processes.mjs';
import { fixtureWorkspace, openWorkbench } from './workbench.mjs';

/** How code-server is ended after the suite: `graceful` (browser closed, SIGTERM) or `abrupt` (SIGKILL). */
const hostEnd = process.env.PORT_ZERO_TEST_HOST_END === 'abrupt' ? 'abrupt' : 'graceful';

const extensionBundle = path.join(repoRoot, 'dist', 'extension.js');
const suite = process.env.PORT_ZERO_TEST_SUITE ?? 'integration';
const suiteIndex = path.join(repoRoot, 'out', 'test', suite, 'index.js');
const hostSpec = (() => {
  try {
    return selectedHost();
  } catch (err) {
    console.error(`integration: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
})();
const resultsDir = path.join(repoRoot, 'test-results', hostSpec.name === 'main' ? suite : `${suite}-${hostSpec.name}`);
const developmentPath = process.env.PORT_ZERO_TEST_DEVELOPMENT_PATH ?? repoRoot;
const extensionsDir = process.env.PORT_ZERO_TEST_EXTENSIONS_DIR;
const settings = JSON.parse(process.env.PORT_ZERO_TEST_SETTINGS ?? '{}');
// index.ts prefixes the extension host's console lines with it (see tagConsole).
const RELAY_TAG = '[port-zero-exthost] ';

const trust = process.env.PORT_ZERO_TEST_TRUST ?? 'disabled';
const timeoutMs = Number(process.env.PORT_ZERO_TEST_TIMEOUT_MS ?? 600000);

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`integration: ${message}`);
  process.exit(1);
}

if (trust !== 'disabled' && trust !== 'enabled') fail(`PORT_ZERO_TEST_TRUST must be "disabled" or "enabled", not "${trust}"`);
if (!(timeoutMs > 0)) fail(`PORT_ZERO_TEST_TIMEOUT_MS must be a positive number of milliseconds`);
for (const file of [extensionBundle, suiteIndex]) {
  if (!fs.existsSync(file)) fail(`${path.relative(repoRoot, file)} is missing: run \`npm run build\` first.`);
}

const route = process.env.PORT_ZERO_TEST_ROUTE ?? 'code-server';
if (route !== 'electron' && route !== 'code-server') fail(`unknown PORT_ZERO_TEST_ROUTE "${route}" (use "electron" or leave it unset)`);
// Exit explicitly: a half-started launch cut short by the timeout may still
// hold the event loop open.
process.exit(route === 'electron' ? await runInElectron() : await runInCodeServer());

/** @returns {Promise<number>} */
async function runInElectron() {
  const { runTests } = await import('@vscode/test-electron');
  try {
    return await runTests({
      extensionDevelopmentPath: developmentPath,
      extensionTestsPath: suiteIndex,
      launchArgs: [fixtureWorkspace, '--disable-extensions', ...(trust === 'disabled' ? ['--disable-workspace-trust'] : [])],
    });
  } catch (err) {
    // runTests rejects both when VS Code cannot be fetched and when the suite fails.
    console.error(`integration: ${err instanceof Error ? err.message : err}`);
    console.error('integration: (the electron route downloads VS Code from update.code.visualstudio.com; offline, leave PORT_ZERO_TEST_ROUTE unset)');
    return 1;
  }
}

/** @returns {Promise<number>} */
async function runInCodeServer() {
  fs.rmSync(resultsDir, { recursive: true, force: true });
  /** @type {() => Promise<number[]>} */
  let close = async () => [];
  /** @type {import('./workbench.mjs').Workbench | undefined} */
  let workbench;
  /** @type {string[]} */
  const browserConsole = [];
  /** @type {string[]} */
  const workbenchLog = [];
  const verbose = process.env.PORT_ZERO_TEST_VERBOSE === '1';
  // Killing code-server makes it log broken connections: not news.
  let shuttingDown = false;

  /** @param {string} reason */
  const keepEvidence = async (reason) => {
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(path.join(resultsDir, 'reason.txt'), reason + '\n');
    fs.writeFileSync(path.join(resultsDir, 'browser-console.log'), browserConsole.join('\n') + '\n');
    fs.writeFileSync(path.join(resultsDir, 'workbench.log'), workbenchLog.join('\n') + '\n');
    if (!workbench) return;
    fs.writeFileSync(path.join(resultsDir, 'code-server.log'), workbench.server.output().join('\n') + '\n');
    await workbench.page.screenshot({ path: path.join(resultsDir, 'screenshot.png'), timeout: 10000 }).catch((err) => console.error(`integration: no screenshot: ${err.message}`));
    const logs = path.join(workbench.server.userDataDir, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(resultsDir, 'logs'), { recursive: true });
    console.log(`integration: screenshot and logs kept in ${path.relative(repoRoot, resultsDir)}/`);
  };
  /**
   * Ends code-server the way a user's machine would before sweeping, so a
   * server Port Zero left behind is reported, not swept away unseen.
   * @returns {Promise<boolean>} true when nothing is left running
   */
  const shutDown = async () => {
    shuttingDown = true;
    const trees = workbench ? [workbench.server.tree, workbench.browser.tree] : [];
    /** @type {string[]} */
    let launched = [];
    if (workbench) {
      await endLikeAUser(workbench, hostEnd);
      launched = launchesLeftBy(workbench.server.tree);
      for (const line of launched) console.error(`integration: Port Zero left a server running after code-server ended (${hostEnd}): ${line}`);
    }
    const survivors = await close();
    const leftovers = [...survivors, ...trees.flatMap(processesOf)];
    if (leftovers.length > 0) console.error(`integration: processes still running after cleanup: ${[...new Set(leftovers)].join(', ')}`);
    return leftovers.length === 0 && launched.length === 0;
  };
  const removeHandlers = onTermination(async (reason) => {
    console.error(`integration: ${reason}; stopping code-server and Chromium`);
    await keepEvidence(reason).catch(() => {});
    await shutDown();
  });

  // The install (minutes, once) is not part of the suite's time limit.
  await ensureHost(hostSpec);

  /** @type {(code: number) => void} */
  let suiteExited = () => {};
  const exitCode = new Promise((resolve) => (suiteExited = resolve));
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve(`timed out after ${timeoutMs} ms (set PORT_ZERO_TEST_TIMEOUT_MS to change the limit)`), timeoutMs);
  });

  const started = Date.now();
  /** @type {number | string} */
  let verdict;
  try {
    console.log(`integration: code-server ${hostSpec.pins['code-server']} (VS Code ${hostSpec.vscode}, ${hostSpec.name} host) + Chromium, workspace trust ${trust}`);
    const opening = openWorkbench({
      trust: /** @type {'disabled' | 'enabled'} */ (trust),
      tests: suiteIndex,
      developmentPath,
      extensionsDir,
      settings,
      env: { PORT_ZERO_RELAY_TAG: RELAY_TAG },
      onCleanup: (fn) => (close = fn),
      onServerLine: (line) => {
        if (!shuttingDown && /\berror\b/i.test(line) && !/gallery|open-vsx|marketplace/i.test(line)) console.error(`[code-server] ${line}`);
      },
      beforeNavigate: async (page) => {
        page.on('console', (msg) => browserConsole.push(`[${msg.type()}] ${msg.text()}`));
        page.on('pageerror', (err) => browserConsole.push(`[pageerror] ${err.message}`));
        // The workbench reports the extension host's test output and verdict
        // through these two hooks (smoke-test driver protocol).
        await page.exposeFunction('codeAutomationLog', (/** @type {string} */ type, /** @type {unknown[]} */ args) => {
          const text = util.format(...(Array.isArray(args) ? args : [args]));
          const at = text.indexOf(RELAY_TAG);
          if (at < 0) {
            workbenchLog.push(`[${type}] ${text}`);
            if (verbose) console.log(`[workbench] ${text}`);
          } else {
            const line = text.slice(0, at) + text.slice(at + RELAY_TAG.length);
            if (type === 'error') console.error(line);
            else console.log(line);
          }
        });
        await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => suiteExited(code));
      },
    });
    verdict = await Promise.race([
      opening.then(async (wb) => {
        workbench = wb;
        console.log(`integration: workbench ${wb.url.split('?')[0]} (code-server pid ${wb.server.pid}, Chromium pid ${wb.browser.pid})`);
        return Promise.race([exitCode, wb.server.exited.then((how) => `code-server ${how} during the run`)]);
      }),
      timedOut,
    ]);
  } catch (err) {
    verdict = `could not run the suite: ${err instanceof Error ? err.stack : err}`;
  } finally {
    clearTimeout(timer);
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (typeof verdict === 'string') {
    console.error(`integration: ${verdict}`);
    await keepEvidence(verdict);
  } else if (verdict !== 0) {
    await keepEvidence(`the suite exited with code ${verdict}`);
  }
  const clean = await shutDown();
  removeHandlers();
  const code = typeof verdict !== 'number' ? 1 : clean ? verdict : verdict || 1;
  console.log(`integration: finished in ${seconds} s, exit code ${code}`);
  return code;
}
