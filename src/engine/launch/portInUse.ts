/**
 * "The port is taken", as servers say it in their output: Node's
 * `EADDRINUSE`, Python's `[Errno 98] Address already in use`, Vite's
 * `Port 3000 is in use`, Windows' `Only one usage of each socket address`.
 * Which port, when the message names one; else the numbers of the command
 * line, for the caller to check against the listeners.
 */
import { ANSI } from './outputTail';

const MARKERS = /EADDRINUSE|address already in use|port \d{1,5} is (?:already )?in use|only one usage of each socket address|errno (?:98|48|10048)\b/i;
const NAMED = [/port\s+(\d{1,5})\b/i, /:(\d{1,5})(?!.*:\d)\b/];

const asPort = (text: string): number | undefined => {
  const port = Number(text);
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : undefined;
};

/**
 * Undefined when the output says nothing of a taken port; otherwise the
 * ports it may mean, the one the message names first.
 */
export function portsInUse(output: string, commandLine = ''): number[] | undefined {
  const lines = output.replace(ANSI, '').split(/\r?\n|\r/).filter((line) => MARKERS.test(line));
  if (lines.length === 0) return undefined;
  const ports: number[] = [];
  const add = (port: number | undefined): void => {
    if (port !== undefined && !ports.includes(port)) ports.push(port);
  };
  for (const line of lines) {
    for (const pattern of NAMED) {
      const match = pattern.exec(line);
      if (match) add(asPort(match[1]));
    }
  }
  for (const match of commandLine.matchAll(/(?:^|[\s=:])(\d{2,5})(?=\s|$)/g)) add(asPort(match[1]));
  return ports;
}
