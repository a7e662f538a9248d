/**
 * The shell VS Code would run a shell task in, from the task's own
 * `options.shell` and the `terminal.integrated` settings of its folder (see
 * engine/launch/taskShell.ts for the order). Without options: the shell a
 * typed command runs in, the one the user's shell tasks get.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Shell } from '../engine/launch/commandLine';
import { taskShell, terminalSettingsOs } from '../engine/launch/taskShell';

export function taskShellFor(options: vscode.ShellExecutionOptions | undefined, scope: vscode.ConfigurationScope | undefined): Shell {
  const os = terminalSettingsOs(process.platform);
  const config = vscode.workspace.getConfiguration('terminal.integrated', scope);
  return taskShell(
    { executable: options?.executable, args: options?.shellArgs },
    {
      automationProfile: config.get(`automationProfile.${os}`),
      defaultProfile: config.get(`defaultProfile.${os}`),
      profiles: config.get(`profiles.${os}`),
    },
    { platform: process.platform, env: process.env, exists: (file) => path.isAbsolute(file) && fs.existsSync(file) },
  );
}
