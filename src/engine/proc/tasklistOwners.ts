/**
 * Process owners on Windows, where systeminformation's process list leaves
 * `user` empty: `tasklist /V /FO CSV /NH` (Microsoft's tasklist
 * documentation), one quoted CSV row a process, `User Name` (the 7th column)
 * as `DOMAIN\name`, or `N/A` for a process the user may not look into.
 * /V also reads window titles, so this runs only for pids not yet known.
 */
import { CommandRunner, windowsTool } from './commandRunner';

export const TASKLIST_ARGS = ['/V', '/FO', 'CSV', '/NH'];

/** One CSV row: fields in double quotes, a `"` inside doubled. */
export function splitCsvRow(row: string): string[] {
  const fields: string[] = [];
  const pattern = /"((?:[^"]|"")*)"|([^,]*)/g;
  let m: RegExpExecArray | null;
  while ((m = pattern.exec(row)) !== null) {
    fields.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
    if (pattern.lastIndex >= row.length || row[pattern.lastIndex] !== ',') break;
    pattern.lastIndex++;
  }
  return fields;
}

export function parseTasklistOwners(stdout: string): Map<number, string> {
  const owners = new Map<number, string>();
  for (const line of stdout.split(/\r?\n/)) {
    if (!line.startsWith('"')) continue;
    const fields = splitCsvRow(line);
    const pid = Number(fields[1]);
    if (fields.length >= 7 && Number.isInteger(pid)) owners.set(pid, fields[6]);
  }
  return owners;
}

export async function readOwners(run: CommandRunner): Promise<Map<number, string>> {
  try {
    return parseTasklistOwners((await run(windowsTool('tasklist.exe'), TASKLIST_ARGS)).stdout);
  } catch {
    return new Map();
  }
}
