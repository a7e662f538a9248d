import * as assert from 'node:assert/strict';
import { shellInvocation, substitutePort } from '../../../../src/engine/launch/commandLine';

describe('commandLine', () => {
  it('replaces every ${port} and leaves shell variables alone', () => {
    assert.equal(substitutePort('vite --port ${port} --hmr ${port} $PORT ${PORT}', 5173), 'vite --port 5173 --hmr 5173 $PORT ${PORT}');
  });

  it('runs the line with sh -c on POSIX and cmd /d /s /c verbatim on Windows', () => {
    assert.deepEqual(shellInvocation('npm run dev', undefined, 'linux'), { file: '/bin/sh', args: ['-c', 'npm run dev'], windowsVerbatimArguments: false });
    assert.deepEqual(shellInvocation('npm run dev', '/bin/bash', 'darwin').file, '/bin/bash');
    const win = shellInvocation('npm run dev', 'cmd.exe', 'win32');
    assert.deepEqual(win, { file: 'cmd.exe', args: ['/d', '/s', '/c', '"npm run dev"'], windowsVerbatimArguments: true });
  });
});
