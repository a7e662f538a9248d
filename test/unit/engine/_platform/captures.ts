/** The captured tool output under test/fixtures/<platform>/ (each folder's README says where it comes from). */
import * as fs from 'node:fs';
import * as path from 'node:path';

const FIXTURES = path.resolve(__dirname, '../../../../../test/fixtures');

export function capture(file: string): string {
  return fs.readFileSync(path.join(FIXTURES, file), 'utf8');
}

/** Windows tools end lines with CRLF; published copies lose it, and systeminformation splits on it. */
export const crlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');
