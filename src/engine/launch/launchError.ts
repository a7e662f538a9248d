/**
 * Why a launch did not get going, in words the user can act on; the last
 * lines the server printed travel with it so the message can show them.
 */
export type LaunchErrorKind =
  | 'cwdMissing'
  | 'commandNotFound'
  | 'notExecutable'
  | 'spawnFailed'
  | 'unsupported'
  | 'portUnavailable';

export class LaunchError extends Error {
  constructor(
    readonly kind: LaunchErrorKind,
    message: string,
    readonly lastLines: readonly string[] = [],
  ) {
    super(message);
    this.name = 'LaunchError';
  }
}

/**
 * A shell exits 127 when it cannot find the command and 126 when it found
 * something it cannot execute (POSIX "Command Search and Execution"). The
 * missing name comes from the shell's own complaint, e.g. dash's
 * `sh: 1: vitee: not found` or bash's `bash: line 1: vitee: command not found`.
 */
export function shellFailure(code: number | null, commandLine: string, lastLines: readonly string[]): LaunchError | undefined {
  if (code !== 127 && code !== 126) return undefined;
  let name: string | undefined;
  for (const line of [...lastLines].reverse()) {
    const match = /([^\s:]+): (?:command )?not found\s*$|([^\s:]+): Permission denied\s*$/.exec(line);
    if (match) {
      name = match[1] ?? match[2];
      break;
    }
  }
  name ??= commandLine.trim().split(/\s+/, 1)[0];
  return code === 127
    ? new LaunchError('commandNotFound', `command not found: ${name}`, lastLines)
    : new LaunchError('notExecutable', `command cannot be executed: ${name}`, lastLines);
}
