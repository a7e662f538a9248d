/**
 * The command-line patterns of `remote.portsAttributes`, tested so that no
 * pattern can hold the extension host. A workspace writes these expressions,
 * and JavaScript's regular expressions backtrack: `^(\S+\s?)+\u0000$` did not
 * return in 20 s on a 117-character `node` command line, and even VS Code's
 * documented `.+\/server.js` takes seconds on an 80 KB Java classpath.
 * - Only the first MAX_TESTED_CHARS of a command line are tested: the program
 *   and its first arguments are what a pattern names.
 * - Each process (pid + start time) is tested once per pattern; the answer is
 *   kept while the process lives, however often its rows are drawn.
 * - A test runs in a `node:vm` context with a timeout: V8 interrupts a regular
 *   expression mid-backtracking then (measured: the catastrophic pattern above
 *   ends with ERR_SCRIPT_EXECUTION_TIMEOUT right after the budget). A pattern
 *   that overruns is dropped for as long as the setting stays as it is, and
 *   `onDropped` is told once.
 */
import * as vm from 'node:vm';
import type { ProcessInfo } from '../proc/processInfo';

export const MAX_TESTED_CHARS = 4096;
export const PATTERN_BUDGET_MS = 100;
const MAX_REMEMBERED = 4096;

interface Answers {
  readonly commandLine: string;
  readonly matched: Map<RegExp, boolean>;
}

export class CommandLinePatterns {
  private readonly answers = new Map<string, Answers>();
  private readonly dropped = new Set<RegExp>();
  private readonly context = vm.createContext({ pattern: /$^/, text: '' });
  private readonly script = new vm.Script('pattern.test(text)');

  constructor(
    private readonly onDropped: (pattern: RegExp) => void = () => undefined,
    private readonly budgetMs = PATTERN_BUDGET_MS,
  ) {}

  /** Whether `pattern` matches the process's command line; false once the pattern was dropped. */
  test(pattern: RegExp, process: ProcessInfo, commandLine: string): boolean {
    if (this.dropped.has(pattern)) return false;
    // A process that exec'd keeps its pid and start time but not its command line.
    const key = `${process.pid}:${process.startTime ?? ''}`;
    let answers = this.answers.get(key);
    if (answers?.commandLine !== commandLine) {
      // Maps iterate in insertion order: the first key is the oldest process.
      if (this.answers.size >= MAX_REMEMBERED) this.answers.delete(this.answers.keys().next().value!);
      this.answers.set(key, (answers = { commandLine, matched: new Map() }));
    }
    let matched = answers.matched.get(pattern);
    if (matched === undefined) answers.matched.set(pattern, (matched = this.run(pattern, commandLine)));
    return matched;
  }

  /** The setting changed: its patterns are new objects, and what was dropped may be fixed. */
  forget(): void {
    this.answers.clear();
    this.dropped.clear();
  }

  private run(pattern: RegExp, commandLine: string): boolean {
    this.context.pattern = pattern;
    this.context.text = commandLine.slice(0, MAX_TESTED_CHARS);
    try {
      return this.script.runInContext(this.context, { timeout: this.budgetMs }) === true;
    } catch {
      // The timeout, or anything else a pattern might throw: either way it is not used again.
      this.dropped.add(pattern);
      this.onDropped(pattern);
      return false;
    } finally {
      this.context.text = '';
    }
  }
}
