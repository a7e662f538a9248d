/**
 * What a launched server's output may do in the terminal Port Zero runs it
 * in. A preLaunchTask waits until the `$port-zero` problem matcher sees Port
 * Zero's "listening on" line, and VS Code's matchers read terminal lines as
 * rendered, after \r and cursor movement have rewritten them. So that no
 * server can end that wait, by accident or by design:
 * - Port Zero's own lines end with OWN_LINE_MARK, which the matcher requires
 *   and which is taken out of server output;
 * - server output keeps only what stays on the server's own lines: text, tabs,
 *   \r, \n, backspace and colours (SGR). Cursor movement, every other escape
 *   and the C0/C1 controls are dropped: without them a server could move onto
 *   a line of Port Zero's and rewrite it around the mark. Its stdout is a pipe,
 *   not a tty, so tools that draw with them mostly don't.
 */

/** U+2800 BRAILLE PATTERN BLANK: drawn as a blank cell, kept in the rendered line, and never printed on purpose. */
export const OWN_LINE_MARK = '\u2800';

/* eslint-disable no-control-regex -- control characters are what these match */
/**
 * An escape sequence (CSI, also as the 8-bit C1 CSI terminals honour; OSC and
 * the other strings; the two- and three-byte ones), a lone ESC, a C0 or C1
 * control other than \b \t \n \r, or the mark.
 */
const UNSAFE = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[ -/]*[0-~])?|\u009b[0-?]*[ -/]*[@-~]|[\x00-\x07\x0b\x0c\x0e-\x1f\x7f-\x9f\u2800]/g;
const SGR = /^\x1b\[[0-9;:]*m$/;
/** A CSI or ESC cut off at the end of a chunk: its rest comes with the next one. */
const UNFINISHED = /(?:\x1b(?:\[[0-?]*[ -/]*)?|\u009b[0-?]*[ -/]*)$/;
/* eslint-enable no-control-regex */

/** Longer than any colour (`\x1b[38;2;255;255;255;48;2;255;255;255m` is 36): a sequence that long is dropped, not held. */
const MAX_HELD = 64;

/** One output stream's text made safe for the terminal, chunk by chunk. */
export class TerminalTextFilter {
  private held = '';

  write(chunk: string): string {
    const text = this.held + chunk;
    const cut = UNFINISHED.exec(text);
    this.held = cut && cut[0].length <= MAX_HELD ? cut[0] : '';
    return safe(cut ? text.slice(0, cut.index) : text);
  }
}

function safe(text: string): string {
  return text.replace(UNSAFE, (found) => (SGR.test(found) ? found : found === OWN_LINE_MARK ? ' ' : ''));
}
