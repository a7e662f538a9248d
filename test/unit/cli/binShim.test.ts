import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
// Compiled to out/test/unit/cli/: the repository root is four folders up; dist/ is built beside bin/.
const shim = path.resolve(__dirname, '../../../../bin/port-zero');

describe('bin/port-zero', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-shim-'));
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('finds dist/cli.js when run through a symlink, as from ~/.local/bin, and through a relative link to that link', async () => {
    fs.mkdirSync(path.join(root, 'local-bin'));
    fs.mkdirSync(path.join(root, 'other'));
    fs.symlinkSync(shim, path.join(root, 'local-bin', 'port-zero'));
    fs.symlinkSync('../local-bin/port-zero', path.join(root, 'other', 'pz'));
    const env = { ...process.env, PORT_ZERO_NODE: '', PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
    for (const link of [path.join(root, 'local-bin', 'port-zero'), path.join(root, 'other', 'pz')]) {
      const { stdout } = await run(link, ['--help'], { env, cwd: root });
      assert.match(stdout, /^Usage: port-zero /, link);
    }
  });
});
