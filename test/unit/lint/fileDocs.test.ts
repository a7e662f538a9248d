import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Compiled to out/test/unit/lint/: the repository root is four levels up.
const src = path.resolve(__dirname, '../../../../src');

function* tsFiles(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(full);
    else if (entry.name.endsWith('.ts')) yield full;
  }
}

describe('file doc comments', () => {
  it('open every file in src/, above its imports, so a reader meets what the file is for first', () => {
    const missing = [...tsFiles(src)]
      .filter((file) => !fs.readFileSync(file, 'utf8').trimStart().startsWith('/**'))
      .map((file) => path.relative(src, file));
    assert.deepEqual(missing, []);
  });
});
