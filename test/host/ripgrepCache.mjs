// @ts-check
// Older code-server releases pin an @vscode/ripgrep whose postinstall
// downloads ripgrep from GitHub, unreachable here. It first looks for the
// release asset in `<os.tmpdir()>/vscode-ripgrep-cache-VERSION/`, so a tarball
// holding the system's `rg` at its root, in a private TMPDIR, stands in.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** @returns {string | undefined} the first `rg` on PATH */
function systemRipgrep() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'rg');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/**
 * @param {string} hostDir  the install folder; the cache goes in its tmp/
 * @param {{ version: string, asset: string }} cache
 * @returns {string} the folder to pass as TMPDIR to the postinstall
 */
export function prepareRipgrepCache(hostDir, { version, asset }) {
  const rg = systemRipgrep();
  if (!rg) throw new Error('ripgrep missing: run `apt-get install ripgrep` (code-server\'s search needs `rg`, and its own download of it needs GitHub).');
  const tmpDir = path.join(hostDir, 'tmp');
  const cacheDir = path.join(tmpDir, `vscode-ripgrep-cache-${version}`);
  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(tmpDir, 'rg-'));
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.chmodSync(path.join(staging, 'rg'), 0o755);
  execFileSync('tar', ['-czf', path.join(cacheDir, asset), '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
  return tmpDir;
}
