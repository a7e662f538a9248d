/**
 * A short name for a typed command line, for the terminal tab, the tree and
 * notifications: absolute paths cut to their last part, long lines
 * ellipsised, and quotes dropped only where the word needs none.
 * `"/usr/bin/node" "/w/app/server.js" --port ${port}` becomes
 * `node server.js --port ${port}`, while `sh -c "echo 'a; b'; exec x"` keeps
 * its quotes, since without them it would read as another command. The
 * command itself is untouched.
 */
export function commandLabel(commandLine: string, max = 48): string {
  const words = commandLine.trim().match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  const short = words
    .map((w) => {
      const inner = /^(["']).*\1$/.test(w) ? w.slice(1, -1) : w;
      if (inner !== w && /[\s;&|<>()'"$`\\*?]/.test(inner)) return w;
      return inner.startsWith('/') && inner.length > 1 ? inner.slice(inner.replace(/\/+$/, '').lastIndexOf('/') + 1) : inner;
    })
    .join(' ');
  return short.length > max ? `${short.slice(0, max - 1)}…` : short;
}
