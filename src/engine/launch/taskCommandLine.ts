/**
 * A shell or process task's command line as Port Zero runs it again (Start
 * on Free Port offers the workspace's tasks), quoted as VS Code quotes it, so
 * an argument `"a; b"` stays one argument instead of becoming two commands.
 * VS Code's rules (tasks.json docs, "Quoting"): a plain string argument is
 * quoted when it holds whitespace; a quoted string says how: `strong`
 * (nothing expands), `weak` (variables expand), `escape` (characters escaped).
 */
import { quoteForShell } from './shellQuote';

export type Quoting = 'escape' | 'strong' | 'weak';
export type TaskArg = string | { readonly value: string; readonly quoting: Quoting };

function quoted(arg: TaskArg, platform: NodeJS.Platform): string {
  if (typeof arg === 'string') return /\s/.test(arg) ? quoteForShell(arg, platform) : arg;
  const { value, quoting } = arg;
  if (platform === 'win32') return quoteForShell(value, platform);
  switch (quoting) {
    case 'strong':
      return `'${value.replace(/'/g, `'\\''`)}'`;
    case 'weak':
      return `"${value.replace(/(["\\`])/g, '\\$1')}"`;
    default:
      return value.replace(/([^\w./=:@%+,-])/g, '\\$1');
  }
}

/** `command args…` for a shell task. */
export function shellTaskCommandLine(command: TaskArg, args: readonly TaskArg[], platform: NodeJS.Platform = process.platform): string {
  return [command, ...args].map((a) => quoted(a, platform)).join(' ');
}

/** A process task runs its program with exact arguments: every word is quoted as needed for the shell we run it with. */
export function processTaskCommandLine(program: string, args: readonly string[], platform: NodeJS.Platform = process.platform): string {
  return [program, ...args].map((a) => quoteForShell(a, platform)).join(' ');
}
