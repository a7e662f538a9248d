/**
 * Quoting one word for the shell that will run a command line, one function
 * per shell kind (see commandLine.ts): POSIX sh and its family, cmd.exe, and
 * PowerShell (which runs a shell task when it is the user's task shell). A
 * word that needs no quoting is returned as it is, so the line users see
 * stays the line they would type.
 */
import { defaultShell, shellKind, type ShellKind } from './commandLine';

/** POSIX sh: single quotes keep everything literal; a `'` inside ends, escapes and reopens them. */
export function quotePosix(word: string): string {
  return /^[\w./=:@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * cmd.exe: double quotes protect spaces and `& | < > ^ ( )`; a `"` inside is
 * doubled, which keeps cmd's own quote state right. The program then splits
 * its command line by CommandLineToArgvW's rule, where backslashes count
 * only before a quote: those are doubled, so `C:\My Dir\` stays `C:\My Dir\`
 * rather than ending in a quote. `%VAR%` can't be escaped inside quotes and
 * still expands (see cmdExpansion).
 */
export function quoteCmd(word: string): string {
  if (/^[\w./=:@\\+,-]+$/.test(word)) return word;
  return `"${word.replace(/(\\*)"/g, '$1$1""').replace(/(\\+)$/, '$1$1')}"`;
}

/**
 * PowerShell: single quotes keep everything literal, a quote inside is
 * doubled (PowerShell also reads the typographic ‘ ’ ‚ ‛ as single quotes).
 * Windows PowerShell 5.1 drops `"` and empty arguments on their way to a
 * native program (fixed in 7.3, $PSNativeCommandArgumentPassing): no quoting
 * on our side can bring them back.
 */
export function quotePowerShell(word: string): string {
  // A bare `-a.b` or `-a:b` reaches a native program split in two (PowerShell#6291), and `--%` stops PowerShell's parsing.
  const bare = /^[\w./\\:=+-]+$/.test(word) && !(word.startsWith('-') && /[.:%]/.test(word));
  return bare ? word : `'${word.replace(/['‘’‚‛]/g, '$&$&')}'`;
}

export function quoteFor(word: string, kind: ShellKind): string {
  return kind === 'cmd' ? quoteCmd(word) : kind === 'powershell' ? quotePowerShell(word) : quotePosix(word);
}

/** For a line run in the launcher's default shell (sh, or cmd.exe on Windows). */
export function quoteForShell(word: string, platform: NodeJS.Platform = process.platform): string {
  return quoteFor(word, shellKind(defaultShell(platform).executable));
}

/** VS Code's ShellQuoting, by name: how a task asked one argument to be quoted. */
export type Quoting = 'escape' | 'strong' | 'weak';

export interface QuotedWord {
  readonly value: string;
  readonly quoting: Quoting;
}

/** Characters that split, redirect or chain a command when a plain argument holds them unquoted; variables are left out, so `$HOME` and `%USERPROFILE%` still expand. */
const SPLITTERS: Record<ShellKind, RegExp> = {
  posix: /[\s'"`;&|<>()]/,
  cmd: /[\s"&|<>^()]/,
  powershell: /[\s'"‘’‚‛“”„`;&|<>(){}@,#]/,
  other: /[\s'"`;&|<>()]/,
};

/** Double quotes, where variables still expand (what weak asks for). */
function quoteWeak(word: string, kind: ShellKind): string {
  if (kind === 'cmd') return quoteCmd(word);
  if (/^[\w./=:@%+,-]+$/.test(word)) return word;
  return kind === 'powershell' ? `"${word.replace(/(["`“”„])/g, '`$1')}"` : `"${word.replace(/(["\\`])/g, '\\$1')}"`;
}

function quoteWord(word: string | QuotedWord, kind: ShellKind): string {
  // As VS Code runs a plain argument: quoted only where the shell would split it there.
  if (typeof word === 'string') return SPLITTERS[kind].test(word) || word === '' ? quoteFor(word, kind) : word;
  if (word.quoting === 'weak') return quoteWeak(word.value, kind);
  return quoteFor(word.value, kind);
}

/** PowerShell reads a line that starts with a quoted string as that string: `&` makes it a command, as VS Code does. */
function asCommand(line: string, programQuoted: boolean, kind: ShellKind): string {
  return kind === 'powershell' && programQuoted ? `& ${line}` : line;
}

/**
 * A shell task's program and arguments as one line for the shell that runs
 * it, each argument still one argument there (`"a; b"` stays one, a path
 * with spaces stays one path). The program is kept as written when it is a
 * plain string: shell tasks put whole commands there (`npm run`).
 */
export function commandLineOf(program: string | QuotedWord, args: readonly (string | QuotedWord)[], kind: ShellKind): string {
  const first = typeof program === 'string' ? program : quoteWord(program, kind);
  const programQuoted = typeof program !== 'string' && first !== program.value;
  return asCommand([first, ...args.map((a) => quoteWord(a, kind))].join(' '), programQuoted, kind);
}

/** A process task's words, each literal, as one line for `kind`; see cmdExpansion for what cmd.exe can't keep literal. */
export function literalCommandLine(words: readonly string[], kind: ShellKind): string {
  const quoted = words.map((w) => quoteFor(w, kind));
  return asCommand(quoted.join(' '), words.length > 0 && quoted[0] !== words[0], kind);
}

/**
 * The first `%NAME%` in words meant literally, which cmd.exe would replace
 * by a variable's value, quoted or not (`^` escapes nothing inside quotes,
 * and a line given to `cmd /c` has no `%%`). Undefined when there is none.
 */
export function cmdExpansion(words: readonly string[]): string | undefined {
  for (const word of words) {
    const match = /%[^%]+%/.exec(word);
    if (match) return match[0];
  }
  return undefined;
}
