import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fixedPort, shellInvocation, shellKind, substitutePort, variableReference } from '../../../../src/engine/launch/commandLine';

describe('commandLine', () => {
  it('replaces every ${port} and leaves shell variables alone', () => {
    assert.equal(substitutePort('vite --port ${port} --hmr ${port} $PORT ${PORT}', 5173), 'vite --port 5173 --hmr 5173 $PORT ${PORT}');
  });

  it('runs the line with sh -c on POSIX and cmd /d /s /c verbatim on Windows by default', () => {
    assert.deepEqual(shellInvocation('npm run dev', undefined, 'linux'), { file: '/bin/sh', args: ['-c', 'npm run dev'], windowsVerbatimArguments: false });
    assert.deepEqual(shellInvocation('npm run dev', '/bin/bash', 'darwin').file, '/bin/bash');
    const win = shellInvocation('npm run dev', 'cmd.exe', 'win32');
    assert.deepEqual(win, { file: 'cmd.exe', args: ['/d', '/s', '/c', '"npm run dev"'], windowsVerbatimArguments: true });
    assert.equal(shellInvocation('npm run dev', undefined, 'win32').windowsVerbatimArguments, true);
  });

  it('knows a shell\'s kind by its program name', () => {
    const kinds = { '/bin/bash': 'posix', zsh: 'posix', '/bin/sh': 'posix', 'C:\\Program Files\\Git\\bin\\bash.exe': 'posix',
      'C:\\WINDOWS\\system32\\cmd.exe': 'cmd', 'CMD.EXE': 'cmd', pwsh: 'powershell', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe': 'powershell',
      '/usr/bin/fish': 'other', nu: 'other' };
    for (const [shell, kind] of Object.entries(kinds)) assert.equal(shellKind(shell), kind, shell);
  });

  it('runs PowerShell with -Command, the line as one argument, unless the task already gave the flag', () => {
    assert.deepEqual(shellInvocation('$env:X=1; npm start', { executable: 'powershell.exe', args: [] }, 'win32'),
      { file: 'powershell.exe', args: ['-Command', '$env:X=1; npm start'], windowsVerbatimArguments: false });
    assert.deepEqual(shellInvocation('.\\run.ps1', { executable: 'pwsh', args: ['-NoProfile', '-command'] }, 'win32').args, ['-NoProfile', '-command', '.\\run.ps1']);
  });

  it('keeps a task\'s own shell arguments, adding -c for sh-like shells when missing', () => {
    assert.deepEqual(shellInvocation('echo hi', { executable: 'bash', args: ['-l'] }, 'linux').args, ['-l', '-c', 'echo hi']);
    assert.deepEqual(shellInvocation('echo hi', { executable: 'bash', args: ['-lc'] }, 'linux').args, ['-lc', 'echo hi']);
    assert.deepEqual(shellInvocation('echo hi', { executable: 'fish', args: [] }, 'linux').args, ['-c', 'echo hi']);
  });

  it('gives cmd.exe /s /c and the line in quotes even when the task names its own /d /c', () => {
    assert.deepEqual(shellInvocation('a && b', { executable: 'cmd.exe', args: ['/d', '/c'] }, 'win32').args, ['/d', '/s', '/c', '"a && b"']);
    assert.deepEqual(shellInvocation('a', { executable: 'cmd.exe', args: ['/e:on', '/C'] }, 'win32').args, ['/e:on', '/s', '/c', '"a"']);
  });

  it('runs a bash-only line in the bash a task names, which /bin/sh would refuse', () => {
    const line = 'words=(one two); [[ ${#words[@]} == 2 ]] && echo "${words[1]}"';
    const bash = shellInvocation(line, { executable: 'bash', args: [] }, 'linux');
    assert.equal(execFileSync(bash.file, bash.args, { encoding: 'utf8' }), 'two\n');
    const sh = shellInvocation(line, undefined, 'linux');
    assert.throws(() => execFileSync(sh.file, sh.args, { encoding: 'utf8', stdio: 'pipe' }));
  });

  it('names a variable the way each shell reads it', () => {
    assert.equal(variableReference('PORT', 'posix'), '$PORT');
    assert.equal(variableReference('PORT', 'cmd'), '%PORT%');
    assert.equal(variableReference('PORT', 'powershell'), '$env:PORT');
  });
});

describe('fixedPort', () => {
  it('finds a port a command line hard-codes, and none where the port is Port Zero\'s', () => {
    assert.equal(fixedPort('vite --port 5173 --strictPort'), 5173);
    assert.equal(fixedPort('http-server -p 8081 .'), 8081);
    assert.equal(fixedPort('serve --port=3000'), 3000);
    assert.equal(fixedPort('http-server -p ${port} .'), undefined);
    assert.equal(fixedPort('vite --port $PORT'), undefined);
    assert.equal(fixedPort('node server.js'), undefined);
  });
});
