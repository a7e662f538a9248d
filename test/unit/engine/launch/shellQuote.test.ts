import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { commandLineOf, quoteCmd, quotePosix, quoteForShell } from '../../../../src/engine/launch/shellQuote';

/** The words a real POSIX sh makes of a line: what the server's argv would be. */
function shWords(line: string): string[] {
  return execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8', env: { ...process.env, HOME: '/home/dev' } })
    .split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('leaves plain words alone for both shells', () => {
    for (const word of ['dev', 'dev:web', '--port=5173', './bin/server', '@scope/pkg']) {
      assert.equal(quotePosix(word), word);
      assert.equal(quoteCmd(word), word);
    }
  });

  it('keeps every word one argument for a real POSIX sh, quotes, spaces and operators included', () => {
    const words = ["it's dev", 'a; b', '$HOME', 'x"y', 'back\\slash', '*', ' lead', 'new\nline', ''];
    assert.deepEqual(shWords(words.map(quotePosix).join(' ')), words);
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

describe('commandLineOf (a shell task re-run by Port Zero)', () => {
  it('keeps each argument one argument for sh, the way the task quoted it', () => {
    const line = commandLineOf('printf', [{ value: '%s\\0', quoting: 'strong' }, 'a; b', { value: 'it\'s "x"', quoting: 'strong' }, { value: '$HOME/app', quoting: 'weak' },
      { value: '$HOME', quoting: 'escape' }, '$HOME'], 'linux');
    assert.deepEqual(execFileSync('sh', ['-c', line], { encoding: 'utf8', env: { ...process.env, HOME: '/home/dev' } }).split('\0').slice(0, -1),
      ['a; b', 'it\'s "x"', '/home/dev/app', '$HOME', '/home/dev']);
  });

  it('quotes for cmd.exe on Windows: a path with spaces is one word, a quote inside is doubled', () => {
    assert.equal(commandLineOf('node', ['C:\\Program Files\\app\\server.js', { value: 'say "hi"', quoting: 'strong' }, '--port=3000'], 'win32'),
      'node "C:\\Program Files\\app\\server.js" "say ""hi""" --port=3000');
  });

  it('keeps a plain program as written, since shell tasks put whole commands there', () => {
    assert.equal(commandLineOf('npm run', ['dev'], 'linux'), 'npm run dev');
    assert.equal(commandLineOf({ value: '/opt/my tools/serve', quoting: 'strong' }, [], 'linux'), "'/opt/my tools/serve'");
  });
});
