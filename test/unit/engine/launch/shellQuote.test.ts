import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cmdExpansion, commandLineOf, literalCommandLine, quoteCmd, quoteForShell, quotePosix, quotePowerShell,
} from '../../../../src/engine/launch/shellQuote';
import { cmdArgv, cmdUnquoted } from './windowsCommandLine';

/** The words a real POSIX sh makes of a line: what the server's argv would be. */
function shWords(line: string): string[] {
  return execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8', env: { ...process.env, HOME: '/home/dev' } })
    .split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('leaves plain words alone for every shell', () => {
    for (const word of ['dev', 'dev:web', '--port=5173', './bin/server']) {
      assert.equal(quotePosix(word), word);
      assert.equal(quoteCmd(word), word);
      assert.equal(quotePowerShell(word), word);
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

  it('doubles the backslashes before a quote for cmd, so a folder ending in \\ stays one argument ending in \\', () => {
    assert.equal(quoteCmd('C:\\My Dir\\'), '"C:\\My Dir\\\\"');
    const words = ['C:\\My Dir\\', 'a\\"b c', 'x\\\\', 'plain\\path', 'say "hi"', 'a & b', 'x|y', 'a^b', '<in', 'out>', '(x)', ''];
    const line = ['node', ...words.map(quoteCmd)].join(' ');
    assert.deepEqual(cmdArgv(line), ['node', ...words]);
    assert.deepEqual(cmdUnquoted(line), [], 'a cmd.exe operator outside quotes');
  });

  it('quotes for PowerShell with single quotes, doubling those inside, typographic ones too', () => {
    assert.equal(quotePowerShell("it's"), "'it''s'");
    assert.equal(quotePowerShell('it’s'), "'it’’s'");
    assert.equal(quotePowerShell('$env:HOME'), "'$env:HOME'");
    assert.equal(quotePowerShell('a;b'), "'a;b'");
    assert.equal(quotePowerShell('-Dkey.name=1'), "'-Dkey.name=1'");
    assert.equal(quotePowerShell('--%'), "'--%'");
    assert.equal(quotePowerShell('@scope/pkg'), "'@scope/pkg'");
    assert.equal(quotePowerShell('C:\\Program Files\\x'), "'C:\\Program Files\\x'");
  });

  it('picks the launcher\'s default shell by platform', () => {
    assert.equal(quoteForShell("it's", 'win32'), `"it's"`);
    assert.equal(quoteForShell("it's", 'linux'), `'it'\\''s'`);
    assert.equal(quoteForShell('a b', 'darwin'), `'a b'`);
  });
});

describe('commandLineOf (a shell task re-run by Port Zero)', () => {
  it('keeps each argument one argument for sh, the way the task quoted it', () => {
    const line = commandLineOf('printf', [{ value: '%s\\0', quoting: 'strong' }, 'a; b', { value: 'it\'s "x"', quoting: 'strong' }, { value: '$HOME/app', quoting: 'weak' },
      { value: '$HOME', quoting: 'escape' }, '$HOME', 'a&b'], 'posix');
    assert.deepEqual(execFileSync('sh', ['-c', line], { encoding: 'utf8', env: { ...process.env, HOME: '/home/dev' } }).split('\0').slice(0, -1),
      ['a; b', 'it\'s "x"', '/home/dev/app', '$HOME', '/home/dev', 'a&b']);
  });

  it('quotes for cmd.exe: a path with spaces is one word, a quote inside is doubled', () => {
    assert.equal(commandLineOf('node', ['C:\\Program Files\\app\\server.js', { value: 'say "hi"', quoting: 'strong' }, '--port=3000'], 'cmd'),
      'node "C:\\Program Files\\app\\server.js" "say ""hi""" --port=3000');
  });

  it('quotes a plain cmd.exe argument holding an operator, which would otherwise split or redirect the command', () => {
    const args = ['a&b', 'x|y', 'a^b', '<in', 'out>', '%USERPROFILE%'];
    const line = commandLineOf('node', args, 'cmd');
    assert.equal(line, 'node "a&b" "x|y" "a^b" "<in" "out>" %USERPROFILE%');
    assert.deepEqual(cmdUnquoted(line), []);
  });

  it('quotes for PowerShell: literal single quotes, weak double quotes that still expand, and & before a quoted program', () => {
    assert.equal(commandLineOf({ value: 'C:\\my tools\\serve.exe', quoting: 'strong' }, ["it's", { value: '$env:HOME\\app', quoting: 'weak' }, 'a;b', '$env:PORT'], 'powershell'),
      "& 'C:\\my tools\\serve.exe' 'it''s' \"$env:HOME\\app\" 'a;b' $env:PORT");
    assert.equal(commandLineOf('npm run', ['dev'], 'powershell'), 'npm run dev');
  });

  it('keeps a plain program as written, since shell tasks put whole commands there', () => {
    assert.equal(commandLineOf('npm run', ['dev'], 'posix'), 'npm run dev');
    assert.equal(commandLineOf({ value: '/opt/my tools/serve', quoting: 'strong' }, [], 'posix'), "'/opt/my tools/serve'");
  });
});

describe('literalCommandLine (a process task, every word literal)', () => {
  it('keeps every word literal for sh', () => {
    const words = ['printf', '%s\\0', '$HOME', 'a b', "it's"];
    assert.deepEqual(execFileSync('sh', ['-c', literalCommandLine(words, 'posix')], { encoding: 'utf8' }).split('\0').slice(0, -1), words.slice(2));
  });

  it('keeps every word one argument for cmd.exe and PowerShell', () => {
    assert.deepEqual(cmdArgv(literalCommandLine(['C:\\My Dir\\app.exe', 'C:\\data\\', 'a&b'], 'cmd')), ['C:\\My Dir\\app.exe', 'C:\\data\\', 'a&b']);
    assert.equal(literalCommandLine(['C:\\My Dir\\app.exe', '$x'], 'powershell'), "& 'C:\\My Dir\\app.exe' '$x'");
  });

  it('names the %VAR% cmd.exe would expand in a literal word, and nothing else', () => {
    assert.equal(cmdExpansion(['node', 'server.js', '--greeting=%USERNAME%']), '%USERNAME%');
    assert.equal(cmdExpansion(['node', '50%', 'a%']), undefined);
  });
});
