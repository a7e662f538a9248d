/**
 * Real sockets and processes for the socket-table tests, all tracked so that
 * `closeAll()` in afterEach cleans up even after a failed assertion.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import { once } from 'node:events';
import * as net from 'node:net';
import { formatEndpoint, parseEndpoint } from '../../../../src/engine/sockets/address';
import { Family, Socket } from '../../../../src/engine/sockets/socket';

/** What a test expects a source to report for a socket, addresses normalised like the model. */
export interface Expected {
  protocol: 'tcp' | 'udp';
  state: string;
  local: string;
  peer?: string;
  pid: number;
}

/** `127.0.0.1:80` / `[::1]:80` for an address as Node reports it (v4-mapped shown as IPv4). */
export function key(address: string, port: number): string {
  const e = parseEndpoint(address, port, address.includes(':') ? 6 : 4 as Family);
  if (!e) throw new Error(`not an address: ${address}`);
  return formatEndpoint(e);
}

/** One line per socket, the same for a model socket and an expectation, so failures read as a diff. */
export function describeSocket(s: Socket): string {
  return `${s.protocol} ${s.state} ${formatEndpoint(s.local)}${s.peer ? ` ${formatEndpoint(s.peer)}` : ''} pid=${s.pid}`;
}

export function describeExpected(e: Expected): string {
  return `${e.protocol} ${e.state} ${e.local}${e.peer ? ` ${e.peer}` : ''} pid=${e.pid}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class LiveSockets {
  private readonly closers: (() => void)[] = [];
  private readonly pids: number[] = [];
  readonly expected: Expected[] = [];

  async tcpListener(host: string): Promise<net.Server> {
    const server = net.createServer();
    this.closers.push(() => server.close());
    server.listen({ host, port: 0 });
    await withTimeout(once(server, 'listening'), 5000, `listen on ${host}`);
    const a = server.address() as net.AddressInfo;
    this.expected.push({ protocol: 'tcp', state: 'LISTEN', local: key(a.address, a.port), pid: process.pid });
    return server;
  }

  async udp(type: 'udp4' | 'udp6', host: string, connectTo?: net.AddressInfo): Promise<dgram.Socket> {
    const socket = dgram.createSocket(type);
    this.closers.push(() => socket.close());
    socket.bind(0, host);
    await withTimeout(once(socket, 'listening'), 5000, `udp bind on ${host}`);
    const a = socket.address();
    if (connectTo) {
      socket.connect(connectTo.port, connectTo.address);
      await withTimeout(once(socket, 'connect'), 5000, 'udp connect');
      const r = socket.remoteAddress();
      this.expected.push({ protocol: 'udp', state: 'CONNECTED', local: key(a.address, a.port), peer: key(r.address, r.port), pid: process.pid });
    } else {
      this.expected.push({ protocol: 'udp', state: 'BOUND', local: key(a.address, a.port), pid: process.pid });
    }
    return socket;
  }

  /** A listener and one connection to it: both ends of the connection are ours. */
  async tcpPair(listenHost: string, connectHost: string): Promise<{ client: net.Socket; accepted: net.Socket }> {
    const server = await this.tcpListener(listenHost);
    const accepting = once(server, 'connection') as Promise<[net.Socket]>;
    const client = net.connect({ host: connectHost, port: (server.address() as net.AddressInfo).port });
    this.closers.push(() => client.destroy());
    await withTimeout(once(client, 'connect'), 5000, 'tcp connect');
    const [accepted] = await withTimeout(accepting, 5000, 'tcp accept');
    this.closers.push(() => accepted.destroy());
    for (const s of [client, accepted]) {
      this.expected.push({
        protocol: 'tcp', state: 'ESTABLISHED', pid: process.pid,
        local: key(s.localAddress!, s.localPort!), peer: key(s.remoteAddress!, s.remotePort!),
      });
    }
    return { client, accepted };
  }

  /**
   * Runs `node -e code`; the code reports with `console.log(JSON.stringify(…))`.
   * Resolves with the child and its first message. Pids it reports as
   * `pids` are killed too (grandchildren a test asked for).
   */
  async node<T extends object>(code: string): Promise<{ child: ChildProcess; message: T }> {
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    this.pids.push(child.pid!);
    let text = '';
    const line = new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        text += d.toString();
        const nl = text.indexOf('\n');
        if (nl >= 0) resolve(text.slice(0, nl));
      });
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before reporting`)));
    });
    const message = JSON.parse(await withTimeout(line, 10_000, 'a child to report')) as T;
    this.pids.push(...((message as { pids?: number[] }).pids ?? []));
    return { child, message };
  }

  closeAll(): void {
    for (const close of this.closers.splice(0)) {
      try {
        close();
      } catch {
        // already closed by the test
      }
    }
    for (const pid of this.pids.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.expected.length = 0;
  }
}
