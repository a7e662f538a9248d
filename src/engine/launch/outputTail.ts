/**
 * The tail of a server's output, kept small however much it prints, for
 * messages that quote what it said last.
 */
import { StringDecoder } from 'node:string_decoder';

// CSI and OSC sequences: FORCE_COLOR makes servers print them, and an error
// message quoting the last lines must not carry them.
// eslint-disable-next-line no-control-regex
export const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
/**
 * Longer lines keep their first MAX_LINE characters and end in "…". Without
 * a cap, a server flooding one endless line makes the unterminated part grow
 * for ever and each chunk re-split all of it: quadratic in the extension host.
 */
const MAX_LINE = 2000;

function clip(line: string): string {
  return line.length <= MAX_LINE ? line : `${line.slice(0, MAX_LINE)}…`;
}

/**
 * The last lines a server printed, kept for messages such as "exited with
 * code 3 before listening". Bytes are decoded per stream so a UTF-8
 * character split across two chunks is not garbled.
 */
export class OutputTail {
  private readonly lines: string[] = [];
  private readonly partial = new Map<string, string>();
  private readonly decoders = new Map<string, StringDecoder>();

  constructor(private readonly limit = 40) {}

  push(chunk: Buffer, stream = 'stdout'): void {
    let decoder = this.decoders.get(stream);
    if (!decoder) {
      decoder = new StringDecoder('utf8');
      this.decoders.set(stream, decoder);
    }
    const text = (this.partial.get(stream) ?? '') + decoder.write(chunk);
    const pieces = text.split(/\r?\n/);
    this.partial.set(stream, clip(pieces.pop() ?? ''));
    for (const line of pieces) this.add(clip(line));
  }

  /** Complete lines, oldest first, without colour codes; an unterminated last line included. */
  lastLines(): string[] {
    const pending = [...this.partial.values()].filter((p) => p.length > 0);
    return [...this.lines, ...pending].slice(-this.limit).map((l) => l.replace(ANSI, ''));
  }

  clear(): void {
    this.lines.length = 0;
    this.partial.clear();
    this.decoders.clear();
  }

  private add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.shift();
  }
}
