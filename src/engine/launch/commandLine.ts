/**
 * Turning the user's command line into what `spawn` runs: `${port}` filled
 * in, then handed to a shell so pipes, `&&` and quoting mean what they mean
 * in a terminal (Node's `shell: true` semantics, spelled out so the socket
 * strategy can put its exec wrapper in front, and so a task can name the
 * shell it was written for).
 */

export interface ShellInvocation {
  readonly file: string;
  readonly args: readonly string[];
  /** cmd.exe parses its own quoting: Node must pass the line through untouched. */
  readonly windowsVerbatimArguments: boolean;
}

/** A shell as a task names it (VS Code's `options.shell`): the program and the arguments before the command line. */
export interface Shell {
  readonly executable: string;
  readonly args?: readonly string[];
}

/**
 * The language a shell speaks, which decides its run flag, its quoting and
 * its variables. `other` is a shell outside these three (fish, csh, nu…):
 * it gets `-c` and POSIX quoting, the closest common ground, and no socket
 * strategy, whose wrapper is POSIX sh.
 */
export type ShellKind = 'posix' | 'cmd' | 'powershell' | 'other';

const POSIX_SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'mksh', 'ash', 'yash', 'posh', 'busybox']);

/** By the program's name, as VS Code picks quoting for a task's shell. */
export function shellKind(executable: string): ShellKind {
  const name = executable.split(/[\\/]/).pop()!.toLowerCase().replace(/\.exe$/, '');
  if (name === 'cmd') return 'cmd';
  if (name === 'pwsh' || name === 'powershell') return 'powershell';
  return POSIX_SHELLS.has(name) ? 'posix' : 'other';
}

/** The shell a launch runs in when nobody named one: what Node's `shell: true` uses. */
export function defaultShell(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Shell {
  return { executable: platform === 'win32' ? (env.ComSpec ?? 'cmd.exe') : '/bin/sh' };
}

/** `${port}` is the one placeholder: every occurrence becomes the launch's port. */
export function substitutePort(commandLine: string, port: number): string {
  return commandLine.replace(/\$\{port\}/g, String(port));
}

/**
 * The argv that runs `commandLine` in `shell`: its own arguments, then the
 * flag that makes it run one line (added when missing, as VS Code adds it
 * for a shell it chose: `-c`, `-Command`, `/d /c`), then the line.
 */
export function shellInvocation(
  commandLine: string,
  shell?: Shell | string,
  platform: NodeJS.Platform = process.platform,
): ShellInvocation {
  const { executable, args = [] } = typeof shell === 'string' ? { executable: shell } : (shell ?? defaultShell(platform));
  switch (shellKind(executable)) {
    case 'cmd': {
      // Node's `shell: true` line: `/s` makes cmd strip exactly the outer quotes we add, whatever the line holds.
      const own = args.filter((a) => !/^\/[csk]$/i.test(a));
      return { file: executable, args: [...(own.length > 0 ? own : ['/d']), '/s', '/c', `"${commandLine}"`], windowsVerbatimArguments: platform === 'win32' };
    }
    case 'powershell': {
      // Node quotes the line as one argument; powershell.exe and pwsh join what follows -Command back into one script.
      const run = args.some((a) => /^-(c|command)$/i.test(a)) ? [] : ['-Command'];
      return { file: executable, args: [...args, ...run, commandLine], windowsVerbatimArguments: false };
    }
    case 'posix':
    case 'other': {
      const run = args.some((a) => /^-[a-z]*c$/.test(a)) ? [] : ['-c'];
      return { file: executable, args: [...args, ...run, commandLine], windowsVerbatimArguments: false };
    }
  }
}

/** How a line in this shell reads environment variable `name`: what to tell someone typing one. */
export function variableReference(name: string, kind: ShellKind): string {
  return kind === 'cmd' ? `%${name}%` : kind === 'powershell' ? `$env:${name}` : `$${name}`;
}

/**
 * The port a command line fixes for itself (`--port 5173`, `--port=5173`,
 * `-p 8081`): such a server listens
 * there, not on the free port Port Zero offers it. Undefined when the port is
 * Port Zero's (`${port}`, `$PORT`) or none is named.
 */
export function fixedPort(commandLine: string): number | undefined {
  const match = /(?:^|\s)(?:--port|-p|--listen|-l)(?:=|\s+)(\d{1,5})(?=\s|$)/.exec(commandLine);
  const port = Number(match?.[1]);
  return port >= 1 && port <= 65535 ? port : undefined;
}
