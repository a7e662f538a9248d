/**
 * systeminformation as it behaves on another OS: its lib/network.js,
 * lib/processes.js and lib/util.js read `process.platform` and take
 * `child_process.exec` when they are loaded, so a fresh copy is loaded while
 * both are replaced, then both are put back. Its commands are answered from
 * captured output; its own parsers do the rest. A command nobody expected is
 * recorded, so a systeminformation upgrade that runs something new fails the
 * tests instead of passing on empty output.
 */
import { createRequire } from 'node:module';
import type { SiModule } from '../../../../src/engine/sockets/systeminformationSource';

const load = createRequire(__filename);
const LIB = ['util', 'network', 'processes'].map((name) => load.resolve(`systeminformation/lib/${name}`));

type Callback = (error: Error | null, stdout: string, stderr: string) => void;

/** Answers one command with its captured output, or undefined for a command no capture is for. */
export type Answer = (command: string) => string | undefined;

export interface FakeSystemInformation {
  readonly si: SiModule;
  /** Every command systeminformation ran, in order (PowerShell scripts prefixed `powershell `). */
  readonly commands: string[];
  readonly unexpected: string[];
}

export function systeminformationAs(platform: NodeJS.Platform, answer: Answer): FakeSystemInformation {
  const commands: string[] = [];
  const unexpected: string[] = [];
  const reply = (command: string): string | undefined => {
    commands.push(command);
    const out = answer(command);
    if (out === undefined) unexpected.push(command);
    return out;
  };
  const childProcess = load('node:child_process') as Record<string, unknown>;
  const saved = { exec: childProcess.exec, execSync: childProcess.execSync, spawn: childProcess.spawn };
  const platformDescriptor = Object.getOwnPropertyDescriptor(process, 'platform')!;
  const refuse = (name: string) => (command: string): never => {
    unexpected.push(`${name} ${command}`);
    throw new Error(`systeminformation ran ${name} ${command}`);
  };
  for (const file of LIB) delete load.cache[file];
  Object.defineProperty(process, 'platform', { ...platformDescriptor, value: platform });
  childProcess.exec = (command: string, options: unknown, callback?: Callback) => {
    const done = (typeof options === 'function' ? options : callback) as Callback;
    const out = reply(command);
    setImmediate(() => (out === undefined ? done(new Error(`no capture for ${command}`), '', '') : done(null, out, '')));
  };
  childProcess.execSync = refuse('execSync');
  childProcess.spawn = refuse('spawn');
  try {
    const util = load(LIB[0]) as { powerShell: (script: string) => Promise<string> };
    const network = load(LIB[1]) as Pick<SiModule, 'networkConnections'>;
    const processes = load(LIB[2]) as Pick<SiModule, 'processes'>;
    util.powerShell = async (script) => reply(`powershell ${script}`) ?? '';
    return { si: { networkConnections: network.networkConnections, processes: processes.processes }, commands, unexpected };
  } finally {
    Object.defineProperty(process, 'platform', platformDescriptor);
    Object.assign(childProcess, saved);
    // The next plain import of systeminformation gets a real copy again.
    for (const file of LIB) delete load.cache[file];
  }
}
