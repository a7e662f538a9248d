/**
 * How Windows reads a line given to `cmd /d /s /c`, for tests on a machine
 * without Windows:
 * - cmd.exe toggles "in quotes" at every `"`; an operator outside quotes
 *   (`& | < > ^ ( )`) splits, pipes, redirects or escapes ("cmd /?");
 * - the program then splits its command line by the Microsoft C runtime's
 *   rule (https://learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments):
 *   2n backslashes before `"` give n and the quote toggles, 2n+1 give n and
 *   a literal `"`, other backslashes are literal, and `""` inside quotes is
 *   a literal `"`.
 */

/** The cmd.exe operators that stand outside quotes in `line`. */
export function cmdUnquoted(line: string): string[] {
  const found: string[] = [];
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && '&|<>^()'.includes(c)) found.push(c);
  }
  return found;
}

/** The argv a C program gets from `line`. */
export function cmdArgv(line: string): string[] {
  const argv: string[] = [];
  let current = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') {
      let n = 0;
      while (line[i] === '\\') {
        n++;
        i++;
      }
      if (line[i] === '"') {
        current += '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) current += '"';
        else i--;
      } else {
        current += '\\'.repeat(n);
        i--;
      }
      inWord = true;
    } else if (c === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i++;
      } else {
        quoted = !quoted;
      }
      inWord = true;
    } else if ((c === ' ' || c === '\t') && !quoted) {
      if (inWord) argv.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) argv.push(current);
  return argv;
}
