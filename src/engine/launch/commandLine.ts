/**
 * Turning the user's command line into what `spawn` runs: `${port}` filled
 * in, then handed to a shell so pipes, `&&` and quoting mean what they mean
 * in a terminal (Node's `shell: true` semantics, spelled out so the socket
 * strategy can put its exec wrapper in front).
 */

export interface ShellInvocation {
  readonly file: string;
  readonly args: readonly string[];
  /** cmd.exe parses its own quoting: Node must pass the line through untouched. */
  readonly windowsVerbatimArguments: boolean;
}

/** `${port}` is the one placeholder: every occurrence becomes the launch's port. */
export function substitutePort(commandLine: string, port: number): string {
  return commandLine.replace(/\$\{port\}/g, String(port));
}

export function shellInvocation(
  commandLine: string,
  shell?: string,
  platform: NodeJS.Platform = process.platform,
): ShellInvocation {
  if (platform === 'win32') {
    // The same line Node builds for `shell: true` on Windows.
    const file = shell ?? process.env.ComSpec ?? 'cmd.exe';
    return { file, args: ['/d', '/s', '/c', `"${commandLine}"`], windowsVerbatimArguments: true };
  }
  return { file: shell ?? '/bin/sh', args: ['-c', commandLine], windowsVerbatimArguments: false };
}
