/**
 * Quoting one word for the shell that will run a command line, one function
 * per shell: POSIX sh (`sh -c` on Linux and macOS) and cmd.exe (Windows'
 * default for tasks). A word that needs no quoting is returned as it is, so
 * the line users see stays the line they would type.
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
