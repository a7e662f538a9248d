/**
 * One machine per platform, described by output captured there
 * (test/fixtures/<platform>/README.md says where each file comes from), so
 * the same view, filter and stop tests run for Linux, macOS and Windows.
 * Each machine answers systeminformation's commands and Port Zero's own
 * (lsof, tasklist) from its captures, and records what Port Zero ran.
 */
import * as path from 'node:path';
import type { CommandOutput, CommandRunner } from '../../../../src/engine/proc/commandRunner';
import type { CurrentUser } from '../../../../src/engine/proc/processOwner';
import type { ProcReader } from '../../../../src/engine/proc/procReader';
import { SysteminformationSource } from '../../../../src/engine/sockets/systeminformationSource';
import { capture, crlf } from './captures';
import { systeminformationAs } from './systeminformationAs';

export interface Expected {
  /** Pids whose rows offer Stop because they are the user's. */
  readonly own: readonly number[];
  /** Pids of another user: no Stop. */
  readonly other: readonly number[];
  /** Pids whose owner can't be read: Stop offered, and the confirmation says so. */
  readonly unknown: readonly number[];
  /** Working directory of each process that has sockets (undefined: the platform does not tell). */
  readonly cwd: Readonly<Record<number, string | undefined>>;
  /** The processes "Show Only Processes in the Workspace" keeps (every process where it can't apply). */
  readonly inWorkspace: readonly number[];
  /** name and command line of one process, as the row shows them. */
  readonly sample: { readonly pid: number; readonly name: string; readonly commandLine: string };
}

export interface Machine {
  readonly title: string;
  readonly platform: NodeJS.Platform;
  readonly user: CurrentUser;
  readonly workspace: string;
  readonly expected: Expected;
  /** A socket source wired to this machine, and what it ran. */
  source(): { source: SysteminformationSource; ran: string[][]; unexpected: string[] };
}

/** Port Zero's own commands, answered from captures; anything else is recorded as unexpected. */
function runner(answers: Record<string, string>, ran: string[][], unexpected: string[]): CommandRunner {
  return async (file, args): Promise<CommandOutput> => {
    const tool = path.win32.basename(file);
    ran.push([tool, ...args]);
    const stdout = answers[tool];
    if (stdout === undefined) {
      unexpected.push([tool, ...args].join(' '));
      return { stdout: '', stderr: `${tool}: not captured`, code: 1 };
    }
    return { stdout, stderr: '', code: 0 };
  };
}

function procReader(facts: Record<number, { cwd: string; uid: number }>): ProcReader {
  const pidOf = (p: string): number => Number(p.split('/')[2]);
  return {
    readFile: () => undefined,
    readdir: () => undefined,
    readlink: (p) => (p.endsWith('/cwd') ? facts[pidOf(p)]?.cwd : undefined),
    stat: (p) => {
      const f = facts[pidOf(p)];
      return f && { uid: f.uid, size: 0, ino: 1, ctimeMs: 0 };
    },
  };
}

function machine(title: string, platform: NodeJS.Platform, user: CurrentUser, workspace: string, expected: Expected,
  siAnswers: (command: string) => string | undefined, own: Record<string, string>, reader?: ProcReader): Machine {
  return {
    title, platform, user, workspace, expected,
    source() {
      const ran: string[][] = [];
      const fake = systeminformationAs(platform, siAnswers);
      const unexpected = fake.unexpected;
      const source = new SysteminformationSource({ si: fake.si, platform, run: runner(own, ran, unexpected), reader, procRoot: '/proc' });
      return { source, ran, unexpected };
    },
  };
}

const linux = machine('linux', 'linux', { name: 'root', uid: 0 }, '/tmp/pz-capture/app', {
  own: [14078, 13546], other: [14085], unknown: [],
  cwd: { 14078: '/tmp/pz-capture/app', 14085: '/tmp', 13546: '/work/plat' },
  inWorkspace: [14078],
  sample: { pid: 14078, name: 'node', commandLine: "node -e require('net').createServer().listen(5173,'127.0.0.1')" },
}, (command) => {
  if (command.startsWith('export LC_ALL=C; netstat -tunap')) return capture('linux/netstat-tunap.txt');
  if (command.startsWith('export LC_ALL=C; ps -axo pid:11')) return capture('linux/ps-axo.txt');
  // CPU percentages come from /proc/<pid>/stat read through the shell: nothing Port Zero shows.
  if (command.startsWith('cat /proc/stat')) return '';
  return undefined;
}, {}, procReader({
  14078: { cwd: '/tmp/pz-capture/app', uid: 0 },
  14085: { cwd: '/tmp', uid: 65534 },
  13546: { cwd: '/work/plat', uid: 0 },
}));

function darwinNetstat(file: string) {
  return (command: string): string | undefined => {
    const lines = capture(file).split('\n');
    // systeminformation: `netstat -natvln | head -n2; netstat -natvln | grep "tcp4\|tcp6\|udp4\|udp6"`
    if (command.startsWith('netstat -natvln | head -n2;')) {
      return [...lines.slice(0, 2), ...lines.filter((l) => /tcp4|tcp6|udp4|udp6/.test(l))].join('\n');
    }
    if (command === 'ps -axo pid,command') return capture('darwin/ps-axo-pid-command.txt');
    if (command.startsWith('ps -axo pid,ppid,pcpu,pmem,pri,vsz=temp_title_1')) return capture('darwin/ps-axo-processes.txt');
    return undefined;
  };
}

const darwinExpected: Expected = {
  own: [4242, 843, 512], other: [1337, 377], unknown: [],
  cwd: { 4242: '/Users/dev/app', 843: '/', 512: '/', 1337: undefined, 377: undefined },
  inWorkspace: [4242],
  sample: { pid: 4242, name: 'node', commandLine: '/usr/local/bin/node /Users/dev/app/node_modules/.bin/vite --port 5173' },
};
const dev: CurrentUser = { name: 'dev', uid: 501 };
const darwin14 = machine('darwin (macOS 14 netstat)', 'darwin', dev, '/Users/dev/app', darwinExpected,
  darwinNetstat('darwin/netstat-natvln-macos14.txt'), { lsof: capture('darwin/lsof-cwd.txt') });
const darwin15 = machine('darwin (macOS 15 netstat: rxbytes, txbytes)', 'darwin', dev, '/Users/dev/app', darwinExpected,
  darwinNetstat('darwin/netstat-natvln-macos15.txt'), { lsof: capture('darwin/lsof-cwd.txt') });
const darwin26 = machine('darwin (macOS 26 netstat)', 'darwin', dev, '/Users/dev/app', darwinExpected,
  darwinNetstat('darwin/netstat-natvln-macos26.txt'), { lsof: capture('darwin/lsof-cwd.txt') });

const win32 = machine('win32', 'win32', { name: 'arthu', domain: 'LAPTOP-T6GHI3P2' }, 'C:\\Users\\arthu\\app', {
  own: [13876, 13372, 10160], other: [4], unknown: [1112, 2980, 5100, 8708],
  cwd: { 13876: undefined, 4: undefined },
  inWorkspace: [4, 1112, 2980, 5100, 8708, 13372, 13876],
  sample: { pid: 13876, name: 'Discord.exe', commandLine: '"C:\\Users\\arthu\\AppData\\Local\\Discord\\app-0.0.308\\Discord.exe" --type=renderer' },
}, (command) => {
  if (command === 'netstat -nao') return crlf(capture('win32/netstat-nao.txt'));
  if (command.startsWith('powershell Get-CimInstance Win32_Process | select-Object ProcessId')) return capture('win32/get-ciminstance-win32-process.json');
  return undefined;
}, { 'tasklist.exe': crlf(capture('win32/tasklist-v-csv.txt')) });

export const MACHINES: readonly Machine[] = [linux, darwin14, darwin15, darwin26, win32];
