/**
 * Quoting one word for the shell that will run a command line, one function
 * per shell Port Zero runs commands with: POSIX sh (`sh -c` on Linux and
 * macOS) and cmd.exe (`cmd /d /s /c` on Windows, see commandLine.ts). A word
 * that needs no quoting is returned as it is, so the line users see stays the
 * line they would type. (No PowerShell: Port Zero never runs a task's line
 * through it, whatever the user's terminal is.)
 */

/** POSIX sh: single quotes keep everything literal; a `'` inside ends, escapes and reopens them. */
export function quotePosix(word: string): string {
  return /^[\w./=:@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * cmd.exe: double quotes protect spaces and `& | < > ^`; a `"` inside is
 * doubled, and `%` can't be escaped inside quotes, so `%VAR%` stays a variable
 * (as it would if the user typed it). See "cmd /?" on quoting.
 */
export function quoteCmd(word: string): string {
  return /^[\w./=:@\\+,-]+$/.test(word) ? word : `"${word.replace(/"/g, '""')}"`;
}

export function quoteForShell(word: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? quoteCmd(word) : quotePosix(word);
}

/** VS Code's ShellQuoting, by name: how a task asked one argument to be quoted. */
export type Quoting = 'escape' | 'strong' | 'weak';

export interface QuotedWord {
  readonly value: string;
  readonly quoting: Quoting;
}

/** POSIX double quotes: `$` still expands (that is what weak asks for); `"`, `\` and backquote are escaped. */
function quoteWeakPosix(word: string): string {
  return `"${word.replace(/(["\\`])/g, '\\$1')}"`;
}

function quoteWord(word: string | QuotedWord, platform: NodeJS.Platform): string {
  // As VS Code runs a plain argument: quoted only where spaces or quotes would split it, so `$HOME` still expands.
  if (typeof word === 'string') return /[\s'"]/.test(word) || word === '' ? quoteForShell(word, platform) : word;
  // cmd.exe has one kind of quote, which leaves %VAR% expanding: every kind asked for is that.
  if (platform === 'win32') return quoteCmd(word.value);
  if (word.quoting === 'weak') return /^[\w./=:@%+,-]+$/.test(word.value) ? word.value : quoteWeakPosix(word.value);
  return quotePosix(word.value);
}

/**
 * A task's program and arguments as one line for the shell that runs it,
 * each argument still one argument there (`"a; b"` stays one, a path with
 * spaces stays one path). The program is kept as written when it is a plain
 * string: shell tasks put whole commands there (`npm run`).
 */
export function commandLineOf(program: string | QuotedWord, args: readonly (string | QuotedWord)[],
  platform: NodeJS.Platform = process.platform): string {
  const first = typeof program === 'string' ? program : quoteWord(program, platform);
  return [first, ...args.map((a) => quoteWord(a, platform))].join(' ');
}
