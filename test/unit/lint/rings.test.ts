import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

// Compiled to out/test/unit/lint/: the repository root is four levels up.
const root = path.resolve(__dirname, '../../../..');
const fixtures = path.join(root, 'test/fixtures/lint/src');

/** Lints the planted files with the project's own config, as `npm run lint` would if they were in src/. */
async function problemsIn(relative: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, ignore: false });
  const [result] = await eslint.lintFiles([path.join(fixtures, relative)]);
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint holds the rings', () => {
  it('rejects an import of vscode in src/engine/', async () => {
    const problems = await problemsIn('engine/proc/importsVscode.ts');
    assert.ok(problems.some((p) => p.startsWith('no-restricted-imports') && p.includes('no vscode here')), problems.join('\n'));
  });

  for (const file of ['engine/atRoot.ts', 'engine/other/newFolder.ts']) {
    it(`rejects vscode and adapters in ${file}: the engine's root and folders the rings do not name`, async () => {
      const problems = await problemsIn(file);
      assert.ok(problems.some((p) => p.startsWith('no-restricted-imports') && p.includes('no vscode here')), problems.join('\n'));
      assert.ok(problems.some((p) => p.startsWith('no-restricted-imports') && p.includes('must not import adapters')), problems.join('\n'));
    });
  }

  it('accepts the engine\'s root importing its folders', async () => {
    assert.deepEqual(await problemsIn('engine/rootClean.ts'), []);
  });

  it('rejects view/ importing ports/', async () => {
    const problems = await problemsIn('engine/view/readsPorts.ts');
    assert.ok(problems.some((p) => p.startsWith('no-restricted-imports') && p.includes('view/ reads only sockets/, proc/ and containers/')), problems.join('\n'));
  });

  it('rejects containers/ importing view/', async () => {
    const problems = await problemsIn('engine/containers/readsView.ts');
    assert.ok(problems.some((p) => p.startsWith('no-restricted-imports') && p.includes('containers/ may import only sockets/ and proc/')), problems.join('\n'));
  });

  it('rejects proc/ importing a ring above it', async () => {
    const problems = await problemsIn('engine/proc/reachesUp.ts');
    assert.ok(problems.some((p) => p.startsWith('no-restricted-imports') && p.includes('bottom ring')), problems.join('\n'));
  });

  it('rejects ports/ importing sockets/ beyond address.ts', async () => {
    const problems = await problemsIn('engine/ports/readsSockets.ts');
    assert.ok(problems.some((p) => p.startsWith('no-restricted-imports') && p.includes('ports/ may import only proc/')), problems.join('\n'));
  });

  it('rejects an import cycle', async () => {
    const problems = await problemsIn('engine/view/cycleA.ts');
    assert.ok(problems.some((p) => p.startsWith('import-x/no-cycle')), problems.join('\n'));
  });

  it('rejects an adapter importing another adapter sideways', async () => {
    const problems = await problemsIn('tree/sideways.ts');
    assert.ok(problems.some((p) => p.startsWith('no-restricted-imports') && p.includes('Adapters do not import each other')), problems.join('\n'));
  });

  it('rejects an adapter importing src/cli/', async () => {
    const problems = await problemsIn('terminal/readsCli.ts');
    assert.ok(problems.some((p) => p.startsWith('no-restricted-imports') && p.includes('or src/cli/')), problems.join('\n'));
  });

  it('rejects src/cli/ importing vscode or an adapter', async () => {
    const problems = await problemsIn('cli/importsAdapter.ts');
    assert.ok(problems.some((p) => p.startsWith('no-restricted-imports') && p.includes('runs in any shell')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('no-restricted-imports') && p.includes('imports only src/engine/')), problems.join('\n'));
  });

  it('accepts src/cli/ importing the engine', async () => {
    assert.deepEqual(await problemsIn('cli/importsEngine.ts'), []);
  });

  it('accepts an import the rings allow', async () => {
    assert.deepEqual(await problemsIn('engine/sockets/clean.ts'), []);
  });
});
