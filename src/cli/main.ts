/**
 * `port-zero`, the command-line face of the engine (bundled as dist/cli.js;
 * bin/port-zero and bin/port-zero.cmd run it with VS Code's own Node). It
 * imports only src/engine/, never vscode: it runs in any shell.
 */
import * as readline from 'node:readline/promises';
import { CliArgs, parseCliArgs, UsageError } from './args';
import type { CliResult } from './cliResult';
import { EXIT, helpText } from './help';
import { runLs } from './lsCommand';
import { runPort } from './portCommand';
import { defaultStopDeps, runStop } from './stopCommand';

/** A yes/no question on the terminal, when both ends are one; the default is no. */
function terminalAsk(): ((question: string) => Promise<boolean>) | undefined {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async (question) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
      return /^y(es)?$/i.test((await rl.question(question)).trim());
    } finally {
      rl.close();
    }
  };
}

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
    if (args.command === 'help') return { code: EXIT.ok, stdout: `${helpText(args.topic)}\n` };
    if (args.command === 'port') return await runPort(args, env);
    if (args.command === 'ls') return await runLs(args);
    return await runStop(args, defaultStopDeps(env, terminalAsk()));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const more = e.topic ? `port-zero ${e.topic} --help` : 'port-zero --help';
    return { code: EXIT.usage, stderr: `port-zero: ${e.message}\nRun ${more} for usage.\n` };
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (result) => {
      if (result.stdout) process.stdout.write(result.stdout);
      if (result.stderr) process.stderr.write(result.stderr);
      process.exitCode = result.code;
    },
    (e: unknown) => {
      process.stderr.write(`port-zero: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      process.exitCode = EXIT.nothing;
    },
  );
}
