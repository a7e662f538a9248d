import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Compiled to out/test/unit/lint/: the repository root is four levels up.
const root = path.resolve(__dirname, '../../../..');
const script = path.join(root, 'scripts/check-docs.mjs');
const fixture = path.join(root, 'test/fixtures/lint/docs');

interface Manifest {
  contributes: { commands: { command: string }[]; configuration: { properties: Record<string, unknown> } };
}

/** Runs the check on a copy of the fixture docs after `plant` changed them; returns its exit code and what it said. */
function check(plant: (dir: string) => void = () => {}): { code: number | null; said: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-check-docs-'));
  try {
    fs.cpSync(fixture, dir, { recursive: true });
    plant(dir);
    const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
    return { code: run.status, said: run.stdout + run.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const appendToReadme = (text: string) => (dir: string): void => fs.appendFileSync(path.join(dir, 'README.md'), `\n${text}\n`);
const editManifest = (edit: (m: Manifest) => void) => (dir: string): void => {
  const file = path.join(dir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  edit(manifest);
  fs.writeFileSync(file, JSON.stringify(manifest));
};

describe('npm run lint checks the docs (scripts/check-docs.mjs)', () => {
  it('accepts docs whose links, images, GitHub anchors, settings and commands all hold, ignoring links in code', () => {
    assert.deepEqual(check(), { code: 0, said: '' });
  });

  it('rejects a link to a file that does not exist', () => {
    const { code, said } = check(appendToReadme('See [the old guide](docs/old-guide.md).'));
    assert.equal(code, 1);
    assert.match(said, /README\.md:\d+: docs\/old-guide\.md: no such file/);
  });

  it('rejects a link to an anchor the linked file has no heading for', () => {
    const { code, said } = check(appendToReadme('See [how](docs/guide.md#how-it-worked).'));
    assert.equal(code, 1);
    assert.match(said, /docs\/guide\.md#how-it-worked: no heading #how-it-worked in docs\/guide\.md/);
  });

  it('rejects an image that does not exist', () => {
    const { code, said } = check(appendToReadme('![Before](docs/images/before.png)'));
    assert.equal(code, 1);
    assert.match(said, /docs\/images\/before\.png: no such file/);
  });

  it('rejects a setting package.json contributes that no doc names', () => {
    const { code, said } = check(editManifest((m) => (m.contributes.configuration.properties['portZero.quiet'] = { type: 'boolean' })));
    assert.equal(code, 1);
    assert.match(said, /the setting portZero\.quiet is in no doc/);
  });

  it('rejects a command package.json contributes that no doc names', () => {
    const { code, said } = check(editManifest((m) => m.contributes.commands.push({ command: 'portZero.undoThing' })));
    assert.equal(code, 1);
    assert.match(said, /the command portZero\.undoThing is in no doc/);
  });

  it('rejects a portZero setting the docs document that package.json does not have', () => {
    const { code, said } = check(appendToReadme('| `portZero.slowness` | `0` |'));
    assert.equal(code, 1);
    assert.match(said, /README\.md:\d+: portZero\.slowness is not in package\.json/);
  });
});
