/**
 * A process table that answers Stop's questions the way each OS's tools do,
 * in their captured words: `ps -o stat=,etime=` on Linux and macOS, the
 * PowerShell CreationDate line and taskkill's messages on Windows, signals
 * (and EPERM) on POSIX. Every command and signal is recorded, so a test can
 * prove what was, and what was never, sent.
 */
import type { CommandOutput, CommandRunner } from '../../../../src/engine/proc/commandRunner';
import { parseElapsed, parseListedStart } from '../../../../src/engine/proc/processIdentity';
import { capture, crlf } from './captures';

export interface FakeProcess {
  readonly pid: number;
  /** ms since the epoch. */
  start: number;
  alive: boolean;
  /** What the clean request does: ends it, is ignored, or is refused (another user, administrator). */
  readonly onRequest: 'exit' | 'ignore' | 'deny';
  /** Windows: a console program, which taskkill can only end with /F. */
  readonly windowless?: boolean;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const [d, h, m] = [Math.floor(s / 86400), Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60];
  return `${d > 0 ? `${d}-` : ''}${pad(h)}:${pad(m)}:${pad(s % 60)}`;
}

function localDate(ms: number): string {
  const t = new Date(ms);
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`;
}

export class FakeOs {
  readonly calls: string[] = [];
  private readonly table = new Map<number, FakeProcess>();

  constructor(readonly platform: NodeJS.Platform) {}

  /** A process started when the platform's capture says (its ps elapsed time, or its CreationDate). */
  add(pid: number, behaviour: Pick<FakeProcess, 'onRequest' | 'windowless'>): FakeProcess {
    const start = this.platform === 'win32'
      ? parseListedStart(capture('win32/creation-date.txt'))!
      : Date.now() - parseElapsed(capture(`${this.platform}/ps-stat-etime.txt`).trim().split(/\s+/)[1])!;
    const process: FakeProcess = { pid, start, alive: true, ...behaviour };
    this.table.set(pid, process);
    return process;
  }

  readonly run: CommandRunner = async (file, args) => {
    const tool = file.split(/[\\/]/).pop()!;
    this.calls.push([tool, ...args].join(' '));
    if (tool === 'ps') return this.ps(Number(args[args.length - 1]));
    if (tool === 'powershell.exe') return this.creationDate(Number(/ProcessId=(\d+)/.exec(args[args.length - 1])![1]));
    if (tool === 'taskkill.exe') return this.taskkill(Number(args[1]), args.includes('/F'));
    throw new Error(`not on this machine: ${tool}`);
  };

  readonly signal = (pid: number, sig: NodeJS.Signals): void => {
    this.calls.push(`kill -${sig} ${pid}`);
    const p = this.live(pid);
    if (!p) throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
    if (p.onRequest === 'deny') throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    if (sig === 'SIGKILL' || p.onRequest === 'exit') p.alive = false;
  };

  /** Commands and signals that would end or ask a process to end. */
  get signals(): string[] {
    return this.calls.filter((c) => c.startsWith('kill') || c.startsWith('taskkill'));
  }

  private live(pid: number): FakeProcess | undefined {
    const p = this.table.get(pid);
    return p?.alive ? p : undefined;
  }

  private ps(pid: number): CommandOutput {
    const p = this.live(pid);
    if (!p) return { stdout: '', stderr: '', code: 1 };
    const [stat] = capture(`${this.platform}/ps-stat-etime.txt`).trim().split(/\s+/);
    return { stdout: `${stat.padEnd(4)} ${elapsed(Date.now() - p.start).padStart(11)}\n`, stderr: '', code: 0 };
  }

  private creationDate(pid: number): CommandOutput {
    const p = this.live(pid);
    return { stdout: p ? crlf(`${localDate(p.start)}\n`) : '', stderr: '', code: 0 };
  }

  private taskkill(pid: number, force: boolean): CommandOutput {
    const p = this.live(pid);
    if (!p) return { stdout: '', stderr: crlf(capture('win32/taskkill-not-found.txt')), code: 128 };
    if (p.onRequest === 'deny') return { stdout: '', stderr: capture('win32/taskkill-denied.txt'), code: 1 };
    if (!force && p.windowless) return { stdout: '', stderr: capture('win32/taskkill-needs-force.txt'), code: 1 };
    if (force || p.onRequest === 'exit') p.alive = false;
    return { stdout: capture(force ? 'win32/taskkill-forced.txt' : 'win32/taskkill-sent.txt'), stderr: '', code: 0 };
  }
}
