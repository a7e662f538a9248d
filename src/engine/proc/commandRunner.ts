/**
 * The seam through which the engine runs the platform's own tools (ps and
 * lsof on macOS, tasklist, taskkill and PowerShell on Windows). Unit tests
 * inject a runner that answers with output captured on those systems
 * (test/fixtures/darwin, test/fixtures/win32), so the parsing and the
 * decisions built on it are proven on Linux.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  /** The exit code; null when a signal ended the tool. */
  readonly code: number | null;
}

/**
 * Resolves with the output whatever the exit code: the tools used say useful
 * things on failure (lsof exits 1 when one of several pids is gone, taskkill
 * explains a refusal). Rejects only when the tool could not run at all.
 */
export type CommandRunner = (file: string, args: readonly string[]) => Promise<CommandOutput>;

export const runCommand: CommandRunner = (file, args) => new Promise((resolve, reject) => {
  execFile(file, args, { maxBuffer: 64 * 1024 * 1024, windowsHide: true, timeout: 30_000 }, (error, stdout, stderr) => {
    if (error && typeof error.code !== 'number' && error.signal === null && !error.killed) {
      reject(error);
      return;
    }
    resolve({ stdout, stderr, code: error ? (typeof error.code === 'number' ? error.code : null) : 0 });
  });
});

/**
 * A Windows tool by its full path: a bare name would be looked up in the
 * current directory first (CreateProcess search order), where a workspace
 * could plant its own `taskkill.exe`.
 */
export function windowsTool(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = env.SystemRoot ?? env.windir ?? 'C:\\Windows';
  const relative = name === 'powershell.exe' ? `System32\\WindowsPowerShell\\v1.0\\${name}` : `System32\\${name}`;
  return path.win32.join(root, relative);
}

/** A PowerShell script, run as the Windows readers all run it: full path, no profile, never prompting. */
export function runPowerShell(run: CommandRunner, script: string): Promise<CommandOutput> {
  return run(windowsTool('powershell.exe'), ['-NoProfile', '-NonInteractive', '-Command', script]);
}
