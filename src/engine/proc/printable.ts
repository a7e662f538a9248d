/**
 * Text another process chose (its command line, its name) as it may be shown:
 * C0 and C1 control characters escaped the way `ps` and `ss` print them
 * (`\n`, `\x1b`), so a command line can't move the cursor, set a terminal's
 * title, draw a link (OSC 8), overwrite a `[y/N]` prompt or add lines to a
 * dialog's detail.
 */
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
