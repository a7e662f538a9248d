//@ts-check
// Two outputs: the extension and socket-worker bundles (dist/, what the .vsix ships) and the
// tests compiled file by file (out/), so unit tests run in plain Node and the
// integration suite loads in the extension host next to the bundle.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints what VS Code's esbuild problem matcher ($esbuild-watch) expects. */
/** @type {import('esbuild').Plugin} */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/** @param {string} dir @returns {string[]} */
function tsFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

async function main() {
  // The socket worker is a second bundle beside the extension: a worker
  // thread loads a file, and the .vsix must carry it (see .vscodeignore).
  // So is the `port-zero` command (src/cli/), which bin/ shims run.
  const extension = await esbuild.context({
    entryPoints: { extension: 'src/extension.ts', socketWorker: 'src/engine/sockets/socketWorker.ts', cli: 'src/cli/main.ts' },
    bundle: true,
    format: 'cjs',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    platform: 'node',
    target: 'node20',
    outdir: 'dist',
    external: ['vscode'],
    logLevel: 'silent',
    plugins: [problemMatcherPlugin],
  });
  // Tests, benchmarks and the engine they exercise, compiled one file to one
  // file: relative imports keep working under out/ and stack traces stay short.
  const tests = await esbuild.context({
    entryPoints: [...tsFiles('src'), ...tsFiles('test'), ...tsFiles('bench')],
    bundle: false,
    format: 'cjs',
    sourcemap: true,
    platform: 'node',
    target: 'node20',
    outdir: 'out',
    outbase: '.',
    logLevel: 'silent',
    plugins: [problemMatcherPlugin],
  });
  if (watch) {
    await Promise.all([extension.watch(), tests.watch()]);
  } else {
    await Promise.all([extension.rebuild(), production ? Promise.resolve() : tests.rebuild()]);
    await Promise.all([extension.dispose(), tests.dispose()]);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
