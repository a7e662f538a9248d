import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectPackageManager, findScriptCandidates, runScriptCommand } from '../../../../src/engine/launch/scriptCandidates';

describe('findScriptCandidates', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pz-scripts-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  function folder(name: string, pkg: unknown, lockfile?: string): { name: string; fsPath: string } {
    const dir = path.join(root, name);
    fs.mkdirSync(dir);
    if (pkg !== undefined) fs.writeFileSync(path.join(dir, 'package.json'), typeof pkg === 'string' ? pkg : JSON.stringify(pkg));
    if (lockfile) fs.writeFileSync(path.join(dir, lockfile), '');
    return { name, fsPath: dir };
  }

  it('lists likely server scripts first, then the rest alphabetically', async () => {
    const f = folder('app', { scripts: { test: 'mocha', build: 'tsc', preview: 'vite preview', dev: 'vite', 'dev:api': 'node api.js' } });
    const { candidates } = await findScriptCandidates([f]);
    assert.deepEqual(candidates.map((c) => c.label), ['dev', 'preview', 'dev:api', 'build', 'test']);
    assert.equal(candidates[0].command, 'npm run dev');
    assert.equal(candidates[0].detail, 'vite');
    assert.equal(candidates[0].cwd, f.fsPath);
  });

  it('runs scripts with the package manager its lockfile names', async () => {
    const a = folder('a', { scripts: { dev: 'vite' } }, 'pnpm-lock.yaml');
    const b = folder('b', { scripts: { dev: 'vite' } }, 'yarn.lock');
    const { candidates } = await findScriptCandidates([a, b]);
    assert.deepEqual(candidates.map((c) => [c.label, c.command]), [
      ['a: dev', 'pnpm run dev'],
      ['b: dev', 'yarn run dev'],
    ]);
    assert.equal(await detectPackageManager(folder('c', undefined).fsPath), 'npm');
  });

  it('reports a package.json that does not parse and still lists the other folders', async () => {
    const bad = folder('bad', '{ "scripts": ');
    const none = folder('none', undefined);
    const good = folder('good', { scripts: { start: 'node server.js', odd: 42 } });
    const { candidates, problems } = await findScriptCandidates([bad, none, good]);
    assert.deepEqual(candidates.map((c) => c.label), ['good: start']);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /bad[\\/]package\.json/);
  });

  it('quotes script names the shell would split', () => {
    assert.equal(runScriptCommand('npm', "it's dev", 'linux'), `npm run 'it'\\''s dev'`);
    assert.equal(runScriptCommand('npm', 'dev web', 'win32'), 'npm run "dev web"');
    assert.equal(runScriptCommand('yarn', 'dev:web'), 'yarn run dev:web');
  });
});
