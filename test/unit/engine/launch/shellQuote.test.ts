import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { quoteCmd, quotePosix, quoteForShell } from '../../../../src/engine/launch/shellQuote';

describe('shellQuote', () => {
  it('leaves plain words alone for both shells', () => {
    for (const word of ['dev', 'dev:web', '--port=5173', './bin/server', '@scope/pkg']) {
      assert.equal(quotePosix(word), word);
      assert.equal(quoteCmd(word), word);
    }
  });

  it('keeps every word one argument for a real POSIX sh, quotes, spaces and operators included', () => {
    const words = ["it's dev", 'a; b', '$HOME', 'x"y', 'back\\slash', '*', ' lead', 'new\nline', ''];
    const out = execFileSync('sh', ['-c', `printf '%s\\0' ${words.map(quotePosix).join(' ')}`], { encoding: 'utf8' });
    assert.deepEqual(out.split('\0').slice(0, -1), words);
  });

  it('quotes for cmd.exe with double quotes, doubling those inside', () => {
    assert.equal(quoteCmd('a b'), '"a b"');
    assert.equal(quoteCmd('a & b'), '"a & b"');
    assert.equal(quoteCmd('say "hi"'), '"say ""hi"""');
    assert.equal(quoteCmd('C:\\Program Files\\x'), '"C:\\Program Files\\x"');
  });

  it('picks the shell by platform', () => {
    assert.equal(quoteForShell("it's", 'win32'), `"it's"`);
    assert.equal(quoteForShell("it's", 'linux'), `'it'\\''s'`);
    assert.equal(quoteForShell('a b', 'darwin'), `'a b'`);
  });
});
