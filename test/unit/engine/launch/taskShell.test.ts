import * as assert from 'node:assert/strict';
import { type ShellContext, taskShell, terminalSettingsOs } from '../../../../src/engine/launch/taskShell';

function on(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}, existing: readonly string[] = []): ShellContext {
  return { platform, env, exists: (file) => existing.includes(file) };
}

describe('taskShell (the shell VS Code runs a shell task in)', () => {
  it('uses the task\'s own shell with its own arguments, none when it gives none', () => {
    const settings = { automationProfile: { path: 'zsh' } };
    assert.deepEqual(taskShell({ executable: '/bin/bash', args: ['-O', 'extglob', '-c'] }, settings, on('linux')), { executable: '/bin/bash', args: ['-O', 'extglob', '-c'] });
    assert.deepEqual(taskShell({ executable: 'pwsh' }, settings, on('win32')), { executable: 'pwsh', args: [] });
  });

  it('runs in the automation profile before the default profile', () => {
    const settings = { automationProfile: { path: 'C:\\Windows\\System32\\cmd.exe' }, defaultProfile: 'PowerShell', profiles: { PowerShell: { source: 'PowerShell' } } };
    assert.deepEqual(taskShell(undefined, settings, on('win32')), { executable: 'C:\\Windows\\System32\\cmd.exe', args: [] });
  });

  it('runs in the default profile, its first path that exists, variables filled in', () => {
    const profiles = {
      'Git Bash': { path: ['${env:ProgramW6432}\\Git\\bin\\bash.exe', '${env:ProgramFiles}\\Git\\bin\\bash.exe'], args: ['--login'] },
      PowerShell: { source: 'PowerShell', icon: 'terminal-powershell' },
    };
    const env = { ProgramW6432: 'C:\\Program Files', ProgramFiles: 'D:\\Apps' };
    assert.deepEqual(taskShell(undefined, { defaultProfile: 'Git Bash', profiles }, on('win32', env, ['D:\\Apps\\Git\\bin\\bash.exe'])),
      { executable: 'D:\\Apps\\Git\\bin\\bash.exe', args: ['--login'] });
    assert.deepEqual(taskShell(undefined, { defaultProfile: 'PowerShell', profiles }, on('win32')), { executable: 'powershell.exe', args: [] });
  });

  it('drops a macOS profile\'s -l, as VS Code does for tasks', () => {
    const settings = { defaultProfile: 'zsh', profiles: { zsh: { path: 'zsh', args: ['-l'] } } };
    assert.deepEqual(taskShell(undefined, settings, on('darwin')), { executable: 'zsh', args: [] });
    assert.deepEqual(taskShell(undefined, settings, on('linux')), { executable: 'zsh', args: ['-l'] });
  });

  it('falls back to Windows PowerShell on Windows and $SHELL (else /bin/sh) elsewhere', () => {
    assert.deepEqual(taskShell(undefined, {}, on('win32', { ComSpec: 'C:\\Windows\\system32\\cmd.exe' })), { executable: 'powershell.exe', args: [] });
    assert.deepEqual(taskShell(undefined, {}, on('darwin', { SHELL: '/bin/zsh' })), { executable: '/bin/zsh', args: [] });
    assert.deepEqual(taskShell(undefined, {}, on('linux')), { executable: '/bin/sh', args: [] });
    assert.deepEqual(taskShell(undefined, { defaultProfile: 'missing', profiles: {}, automationProfile: 'nonsense' }, on('linux', { SHELL: '/bin/bash' })),
      { executable: '/bin/bash', args: [] });
  });

  it('lets a task\'s shell arguments alone replace the profile\'s', () => {
    assert.deepEqual(taskShell({ args: ['-NoProfile'] }, {}, on('win32')), { executable: 'powershell.exe', args: ['-NoProfile'] });
  });

  it('names the settings per platform as VS Code does', () => {
    assert.deepEqual(['win32', 'darwin', 'linux'].map((p) => terminalSettingsOs(p as NodeJS.Platform)), ['windows', 'osx', 'linux']);
  });
});
