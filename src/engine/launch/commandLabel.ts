/**
 * A short name for a typed command line, for the terminal tab, the tree and
 * notifications: quotes dropped, absolute paths cut to their last part, long
 * lines ellipsised. `"/usr/bin/node" "/w/app/server.js" --port ${port}`
 * becomes `node server.js --port ${port}`. The command itself is untouched.
 */
export function commandLabel(commandLine: string, max = 48): string {
  const words = commandLine.trim().match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  const short = words
    .map((w) => (/^(["']).*\1$/.test(w) ? w.slice(1, -1) : w))
    .map((w) => (w.startsWith('/') && w.length > 1 ? w.slice(w.replace(/\/+$/, '').lastIndexOf('/') + 1) : w))
    .join(' ');
  return short.length > max ? `${short.slice(0, max - 1)}…` : short;
}
