import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { processTaskCommandLine, shellTaskCommandLine } from '../../../../src/engine/launch/taskCommandLine';

/** The words a real POSIX sh makes of a command line (printf as the command). */
function words(line: string): string[] {
  const out = execFileSync('sh', ['-c', line.replace(/^\S+/, `printf '%s\\0'`)], { encoding: 'utf8', env: { ...process.env, HOME: '/home/x' } });
  return out.split('\0').slice(0, -1);
}

describe('task command lines run again', () => {
  it('keeps a plain argument with a space or a semicolon as one argument', () => {
    assert.deepEqual(words(shellTaskCommandLine('echo', ['a; b', 'c'], 'linux')), ['a; b', 'c']);
  });

  it('leaves plain arguments without whitespace to the shell, as VS Code does', () => {
    assert.deepEqual(words(shellTaskCommandLine('echo', ['$HOME'], 'linux')), ['/home/x']);
  });

  it('honours strong, weak and escape quoting', () => {
    const line = shellTaskCommandLine('echo', [
      { value: '$HOME it\'s', quoting: 'strong' },
      { value: '$HOME "x"', quoting: 'weak' },
      { value: 'a b;c', quoting: 'escape' },
    ], 'linux');
    assert.deepEqual(words(line), ['$HOME it\'s', '/home/x "x"', 'a b;c']);
  });

  it('quotes a process task\'s exact arguments, and uses cmd.exe rules on Windows', () => {
    assert.deepEqual(words(processTaskCommandLine('node', ['server.js', '--name', 'my app', '$HOME'], 'linux')), ['server.js', '--name', 'my app', '$HOME']);
    assert.equal(processTaskCommandLine('node', ['my app.js'], 'win32'), 'node "my app.js"');
    assert.equal(shellTaskCommandLine('echo', ['a; b'], 'win32'), 'echo "a; b"');
  });
});
