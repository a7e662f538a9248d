// @ts-check
// `npm run test:smoke`: the .vsix is the product, so test what a user
// installs. Builds port-zero.vsix when it is missing or older than what goes
// into it, installs it with code-server's own `--install-extension` into a
// fresh extensions folder, and runs out/test/smoke in that VS Code.
//
// The workbench honours extensionTestsPath only beside an
// extensionDevelopmentPath (checked: without one the tests never start), and
// a development path named port-zero would shadow the installed copy. So the
// development path is test/smoke/driver, an extension with a manifest and no
// code, and the suite checks that the Port Zero it talks to is the one in the
// extensions folder.
//
// Each engine in PORT_ZERO_SMOKE_ENGINES (default `auto,systeminformation`)
// gets its own session with `portZero.socketEngine` set to it: `auto` is
// procfs on Linux; `systeminformation` runs the bundled systeminformation
// (the only third-party code in the bundle) for the socket table and the
// launch watcher. Other variables as for run-integration.mjs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureHost, repoRoot } from './install.mjs';
import { onTermination } from './processes.mjs';

const vsix = path.join(repoRoot, 'port-zero.vsix');
const driver = path.join(repoRoot, 'test', 'smoke', 'driver');
const suiteIndex = path.join(repoRoot, 'out', 'test', 'smoke', 'index.js');
/** What `npm run package` reads: a change to any of them makes the .vsix stale. */
const PACKAGE_INPUTS = ['src', 'bin', 'media', 'package.json', 'package.nls.json', 'package-lock.json', '.vscodeignore', 'esbuild.js', 'README.md', 'CHANGELOG.md', 'LICENSE'];
const engines = (process.env.PORT_ZERO_SMOKE_ENGINES ?? 'auto,systeminformation').split(',').filter(Boolean);

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`smoke: ${message}`);
  process.exit(1);
}

/** @param {string} file @returns {{ file: string, mtimeMs: number } | undefined} */
function newest(file) {
  if (!fs.existsSync(file)) return undefined;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return { file, mtimeMs: stat.mtimeMs };
  return fs.readdirSync(file).map((name) => newest(path.join(file, name))).reduce((a, b) => (!a || (b && b.mtimeMs > a.mtimeMs) ? b : a), undefined);
}

/** @returns {string | undefined} why the .vsix must be (re)built */
function staleness() {
  if (!fs.existsSync(vsix)) return 'port-zero.vsix is missing';
  const built = fs.statSync(vsix).mtimeMs;
  const latest = PACKAGE_INPUTS.map((f) => newest(path.join(repoRoot, f))).reduce((a, b) => (!a || (b && b.mtimeMs > a.mtimeMs) ? b : a), undefined);
  return latest && latest.mtimeMs > built ? `port-zero.vsix is older than ${path.relative(repoRoot, latest.file)}` : undefined;
}

/**
 * @param {string} cmd @param {string[]} args @param {NodeJS.ProcessEnv} env
 * @param {'inherit' | 'pipe'} stdio  `pipe`: output is returned instead of shown
 * @returns {Promise<{ code: number | null, output: string }>}
 */
function run(cmd, args, env, stdio) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repoRoot, env, stdio: ['ignore', stdio, stdio] });
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

// A surrounding VS Code's variables (VSCODE_IPC_HOOK_CLI) would send the
// install to that instance instead of our extensions folder.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VSCODE_') && k !== 'ELECTRON_RUN_AS_NODE'));

/**
 * The port-zero command ships in the package: dist/cli.js and its shims, the
 * POSIX one still executable after the install, and it runs from there on the
 * Node VS Code runs on, as a terminal would run it.
 * @param {string} installed the installed extension's folder
 */
async function checkCli(installed) {
  for (const file of ['dist/cli.js', 'bin/port-zero', 'bin/port-zero.cmd']) {
    if (!fs.existsSync(path.join(installed, file))) fail(`the .vsix lacks ${file}: check .vscodeignore`);
  }
  const shim = path.join(installed, 'bin', 'port-zero');
  if ((fs.statSync(shim).mode & 0o111) === 0) fail(`${shim} is not executable after the install`);
  const help = await run(shim, ['port', '--help'], { ...cleanEnv, PORT_ZERO_NODE: host.node }, 'pipe');
  if (help.code !== 0 || !help.output.includes('Usage: port-zero port')) fail(`the installed port-zero did not run (exit ${help.code}):\n${help.output}`);
  console.log(`smoke: the .vsix carries dist/cli.js and bin/port-zero{,.cmd}; ${path.relative(installed, shim)} --help runs`);
}

const why = staleness();
if (why) {
  console.log(`smoke: ${why}; running npm run package`);
  const began = Date.now();
  const { code } = await run('npm', ['run', 'package'], process.env, 'inherit');
  if (code !== 0) fail(`npm run package failed (exit ${code})`);
  // Not staleness() again: a source edited while packaging ran is the next run's business.
  if (!fs.existsSync(vsix) || fs.statSync(vsix).mtimeMs < began) fail(`npm run package did not write ${vsix}`);
}
if (!fs.existsSync(suiteIndex)) fail(`${path.relative(repoRoot, suiteIndex)} is missing: run \`npm run build\` first.`);

const host = await ensureHost();
/** @type {string[]} */
const tempDirs = [];
const removeHandlers = onTermination(async () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

let failures = 0;
for (const engine of engines) {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-smoke-'));
  tempDirs.push(tempDir);
  const extensionsDir = path.join(tempDir, 'extensions');
  const configFile = path.join(tempDir, 'config.yaml');
  fs.writeFileSync(configFile, ''); // else code-server writes one with a password into ~/.config
  const install = await run(host.node, [
    host.codeServerEntry,
    '--config', configFile,
    '--user-data-dir', path.join(tempDir, 'user-data'),
    '--extensions-dir', extensionsDir,
    '--install-extension', vsix,
  ], cleanEnv, 'pipe');
  const installedDirs = fs.existsSync(extensionsDir) ? fs.readdirSync(extensionsDir).filter((d) => d.startsWith('port-zero.port-zero-')) : [];
  // Exactly one installed copy, so the suite cannot pick up a stale one.
  if (install.code !== 0 || installedDirs.length !== 1) fail(`installing ${vsix} failed (exit ${install.code}, installed ${JSON.stringify(installedDirs)}):\n${install.output}`);
  console.log(`smoke: installed ${path.basename(vsix)} as ${path.join(extensionsDir, installedDirs[0])}; portZero.socketEngine ${engine}`);
  await checkCli(path.join(extensionsDir, installedDirs[0]));

  const { code } = await run(process.execPath, [path.join(repoRoot, 'test', 'host', 'run-integration.mjs')], {
    ...process.env,
    PORT_ZERO_TEST_ROUTE: 'code-server',
    PORT_ZERO_TEST_SUITE: 'smoke',
    PORT_ZERO_TEST_DEVELOPMENT_PATH: driver,
    PORT_ZERO_TEST_EXTENSIONS_DIR: extensionsDir,
    PORT_ZERO_TEST_SETTINGS: JSON.stringify({ 'portZero.socketEngine': engine }),
  }, 'inherit');
  console.log(`smoke: engine ${engine}: ${code === 0 ? 'passed' : `failed (exit ${code})`}`);
  if (code !== 0) failures++;
  fs.rmSync(tempDir, { recursive: true, force: true });
}
removeHandlers();
process.exit(failures === 0 ? 0 : 1);
