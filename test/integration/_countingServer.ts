// countingServer.js in a process of its own, as the user or as another
// user: who knocked on a listener, counted by the listener itself.
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as net from 'node:net';
import { fixtureServer } from './_launch';

const COUNTING_SERVER = fixtureServer('countingServer.js');
/** Another local user: CI runs as root, and a two-user case needs someone else's server. */
export const NOBODY = 65534;

export interface Counted {
  readonly proc: ChildProcess;
  readonly port: number;
  /** Connects once more and resolves with how many connections the server has seen, this one included. */
  knock(): Promise<number>;
}

/** countingServer.js, as the user or as `nobody`: it prints a line for every connection it accepts. */
export async function serveCounting(options: { tls: boolean; uid?: number; args?: readonly string[] }): Promise<Counted> {
  const proc = spawn(process.execPath, [COUNTING_SERVER, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', TLS: options.tls ? '1' : '0' },
    detached: true,
    ...(options.uid !== undefined && { uid: options.uid, gid: options.uid }),
  });
  let out = '';
  const seen = (): number => out.match(/^CONNECTION /gm)?.length ?? 0;
  proc.stdout!.on('data', (data) => (out += String(data)));
  while (!/LISTENING \S+ (\d+)/.test(out)) {
    await Promise.race([once(proc.stdout!, 'data'), once(proc, 'exit').then(() => { throw new Error('the fixture exited'); })]);
  }
  const port = Number(/LISTENING \S+ (\d+)/.exec(out)![1]);
  const knock = async (): Promise<number> => {
    const before = seen();
    const socket = net.connect(port, '127.0.0.1');
    // The server accepts in order: once it reports this connection, any earlier one was reported too.
    while (seen() === before) await once(proc.stdout!, 'data');
    socket.destroy();
    return seen();
  };
  return { proc, port, knock };
}

