/**
 * A short name for a typed command line, for the terminal tab, the tree and
 * notifications: the program the line is about, not the line itself, so the
 * row keeps room for its address. `npx http-server -p ${port} .` is
 * `http-server`, `node /w/app/server.js` is `server.js`, `python3 -m
 * http.server 8000` is `http.server`, `npm run dev` is `dev`. The command
 * itself is untouched.
 */

/** Words that run the next word: the name is what they run. */
const RUNNERS = new Set(['npx', 'bunx', 'pnpx', 'exec', 'env', 'sudo', 'nohup', 'time', 'command', 'nice']);
/** Package managers: `npm run dev`, `yarn dev`, `pnpm dlx vite` are named by what they run. */
const MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);
const MANAGER_VERBS = new Set(['run', 'run-script', 'exec', 'dlx', 'x']);
/** Interpreters: named by their script or `-m` module. */
const INTERPRETERS = /^(node|nodejs|deno|python\d*(\.\d+)?|ruby|php|perl|tsx|ts-node)$/;

const basename = (word: string): string => word.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? word;

export function commandLabel(commandLine: string, max = 32): string {
  const words = (commandLine.trim().match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((w) => (/^(["']).*\1$/.test(w) ? w.slice(1, -1) : w));
  const name = nameOf(words);
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

function nameOf(words: readonly string[]): string {
  let i = 0;
  const skipFlags = (): void => {
    while (i < words.length && words[i].startsWith('-')) i++;
  };
  while (i < words.length && (/^\w+=/.test(words[i]) || RUNNERS.has(basename(words[i])))) {
    i++;
    skipFlags();
  }
  const program = words[i] === undefined ? '' : basename(words[i]);
  if (MANAGERS.has(program)) {
    i++;
    skipFlags();
    if (MANAGER_VERBS.has(words[i] ?? '')) i++;
    skipFlags();
    return words[i] ?? program;
  }
  if (INTERPRETERS.test(program)) {
    for (let j = i + 1; j < words.length; j++) {
      if (words[j] === '-m' && words[j + 1]) return words[j + 1];
      if (words[j] === 'run' && program === 'deno') continue;
      if (!words[j].startsWith('-')) return basename(words[j]);
    }
  }
  return program;
}
