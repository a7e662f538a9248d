/**
 * sd_listen_fds(3) requires LISTEN_PID to equal the pid of the process that
 * reads the descriptors (https://www.freedesktop.org/software/systemd/man/latest/sd_listen_fds.html).
 * A parent cannot know that pid before exec, so the shell sets it to its own
 * pid (`$$`) and then `exec`s the command, which keeps that pid.
 *
 * `exec` can only replace the shell with one simple command. dash (Debian's
 * /bin/sh) does not exec the last command of `-c` on its own, so for a
 * compound line (`cd web && node server.js`) LISTEN_PID names the shell:
 * servers that check it need the line to end in `exec …` itself.
 */

const RESERVED = new Set(['!', '{', '}', 'if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'while', 'until', 'do', 'done', 'function', 'exec']);

/** The command line wrapped so that LISTEN_PID is the server's own pid. */
export function wrapForListenFds(commandLine: string): string {
  const prefix = 'LISTEN_PID=$$; export LISTEN_PID; ';
  const words = simpleCommandWords(commandLine);
  if (words === undefined) return prefix + commandLine;
  // Leading assignments (`NODE_ENV=dev node s.js`) stay in front: `exec NODE_ENV=dev` would look for a program of that name.
  let assignmentsEnd = 0;
  for (const word of words) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(word.text)) break;
    assignmentsEnd = word.end;
  }
  const rest = commandLine.slice(assignmentsEnd).trimStart();
  if (rest === '' || RESERVED.has(rest.split(/\s/, 1)[0])) return prefix + commandLine;
  const assignments = commandLine.slice(0, assignmentsEnd).trim();
  return `${prefix}${assignments}${assignments ? ' ' : ''}exec ${rest}`;
}

interface Word {
  readonly text: string;
  readonly end: number;
}

/** The line's words when it is one simple command (no unquoted operators); undefined otherwise. */
function simpleCommandWords(line: string): Word[] | undefined {
  const words: Word[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') current += line[++i] ?? '';
      else current += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      current += line[++i] ?? '';
      inWord = true;
    } else if (';&|()`\n'.includes(c) || (c === '$' && line[i + 1] === '(')) {
      return undefined;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push({ text: current, end: i });
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) return undefined;
  if (inWord) words.push({ text: current, end: line.length });
  return words;
}
