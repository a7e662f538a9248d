/**
 * Why a server gave up, read from what it printed: the one line a message
 * should quote (the error, not the stack frames or the object dump that
 * follows it), and whether it says its port is taken, and which port.
 */

const STACK_OR_DUMP = /^\s*(at\s|[{}\]),]|\^+\s*$|\w+:\s*'[^']*',?\s*$|File ")/;
/** `Error: …`, `OSError: [Errno 98] …`, `error: …`, `FATAL …`: a line that states an error. */
const STATES_ERROR = /^\s*(?:[\w.]*(?:Error|Exception)|error|fatal|panic|critical)\b\s*[:\]!-]/i;
const MENTIONS_ERROR = /error|exception|fail|cannot|can't|could not|couldn't|unable|refus|denied|not found|in use|EADDRINUSE|errno|another .* (?:process|instance)/i;
const IN_USE = /EADDRINUSE|address already in use|Errno 98|\bport \d+ is (?:already )?in use|already in use/i;

/** The most telling line of a server's output: an error-stating line, else one that mentions a failure, else the last. */
export function tellingLine(lines: readonly string[]): string | undefined {
  const latestFirst = lines.map((l) => l.trim()).filter((l) => l !== '' && !STACK_OR_DUMP.test(l)).reverse();
  return latestFirst.find((l) => STATES_ERROR.test(l)) ?? latestFirst.find((l) => MENTIONS_ERROR.test(l)) ?? latestFirst[0];
}

/**
 * When the output says the address is in use: the port it names
 * (`… 127.0.0.1:5173`, `Port 5173 is in use`), else the one port number the
 * command line holds (`python3 -m http.server 5173`, whose traceback names none);
 * `port` is undefined when neither tells. Undefined when nothing says "in use".
 */
export function portInUse(lines: readonly string[], commandLine: string): { readonly port?: number } | undefined {
  const line = [...lines].reverse().find((l) => IN_USE.test(l));
  if (line === undefined) return undefined;
  const named = /\bport (\d{1,5})\b/i.exec(line)?.[1] ?? /:(\d{1,5})\b(?!.*:\d)/.exec(line.replace(/Errno \d+/i, ''))?.[1];
  const typed = [...commandLine.matchAll(/(?:^|[\s=:])(\d{1,5})(?=\s|$)/g)].map((m) => m[1]);
  const port = Number(named ?? (typed.length === 1 ? typed[0] : undefined));
  return { port: port >= 1 && port <= 65535 ? port : undefined };
}
