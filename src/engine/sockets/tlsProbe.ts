/**
 * Whether a listener speaks TLS, asked once: Port Zero opens a TLS handshake
 * to it and hangs up. Only a listener this machine serves is asked (loopback,
 * a wildcard bind through loopback, or one of its own addresses: see
 * isBrowsable), never another host. A server that is not TLS sees one
 * unreadable request and a closed connection; an http server answers 400.
 * Whose listeners are asked, and when, is WebAddresses' to decide.
 */
import * as tls from 'node:tls';
import { isBrowsable } from './localAddresses';
import type { Socket } from './socket';
import { isTcpListener } from './socket';
import type { ProcessInfo } from '../proc/processInfo';

export const PROBE_TIMEOUT_MS = 200;

/**
 * `secureConnect` is the clear yes. An alert is a yes too: the server parsed
 * our hello as TLS and refused it (a client certificate required, no cipher in
 * common). Anything else (a reset, a plain-text answer the TLS layer cannot
 * parse, silence until the timeout) is a no.
 */
function isTlsAlert(error: NodeJS.ErrnoException): boolean {
  return /ALERT/.test(error.code ?? '');
}

export function probeTls(host: string, port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host, port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    let timer: NodeJS.Timeout | undefined;
    const done = (speaksTls: boolean): void => {
      if (timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      socket.destroy();
      resolve(speaksTls);
    };
    socket.once('secureConnect', () => done(true));
    socket.once('error', (e: NodeJS.ErrnoException) => done(isTlsAlert(e)));
    socket.once('close', () => done(false));
    // When the event loop was busy past the deadline, the answer may already be
    // waiting: setImmediate runs after the I/O phase, so it is read first.
    timer = setTimeout(() => setImmediate(() => done(false)), timeoutMs);
  });
}

/** Where a probe connects: the listener's own address, or loopback of its family for a wildcard bind. */
export function probeAddress(socket: Socket): string | undefined {
  if (!isTcpListener(socket) || !isBrowsable(socket.local)) return undefined;
  if (socket.local.wildcard) return socket.family === 6 ? '::1' : '127.0.0.1';
  return socket.local.address;
}

/**
 * A listener's identity for the cache: its process (pid and start time, so a
 * reused pid is a new listener) and its address. Without a known owner the
 * socket's own id stands in for the process.
 */
export function listenerKey(socket: Socket, process: ProcessInfo | undefined): string {
  const owner = process ? `${process.pid}:${process.startTime ?? ''}` : `socket:${socket.id}`;
  return `${owner}|${socket.local.address}|${socket.local.port}`;
}

const MAX_REMEMBERED = 4096;
const MAX_AT_ONCE = 4;

/**
 * Probes each listener once and remembers the answer. `known` never waits;
 * `probe` starts a probe (or joins the one running) and says when it is done.
 * Many at once queue, a few at a time, so no caller opens a burst of
 * connections.
 */
export class TlsProbes {
  private readonly answers = new Map<string, boolean>();
  private readonly running = new Map<string, Promise<boolean>>();
  private readonly queue: (() => void)[] = [];
  private active = 0;

  constructor(
    /** Called once per listener that turns out to speak TLS, after the answer is stored. */
    private readonly onTls: (key: string) => void = () => undefined,
    private readonly probeOne: (host: string, port: number) => Promise<boolean> = probeTls,
  ) {}

  /** true: TLS; false: not (or not ours to ask); undefined: not asked yet, or the answer is on its way. */
  known(socket: Socket, process: ProcessInfo | undefined): boolean | undefined {
    return probeAddress(socket) === undefined ? false : this.answers.get(listenerKey(socket, process));
  }

  probe(socket: Socket, process: ProcessInfo | undefined): Promise<boolean> {
    const host = probeAddress(socket);
    if (host === undefined) return Promise.resolve(false);
    const key = listenerKey(socket, process);
    const answer = this.answers.get(key);
    if (answer !== undefined) return Promise.resolve(answer);
    let pending = this.running.get(key);
    if (pending === undefined) {
      pending = this.whenFree(() => this.probeOne(host, socket.local.port).catch(() => false)).then((tls) => {
        this.running.delete(key);
        this.remember(key, tls);
        if (tls) this.onTls(key);
        return tls;
      });
      this.running.set(key, pending);
    }
    return pending;
  }

  private remember(key: string, tls: boolean): void {
    // Maps iterate in insertion order: the first key is the oldest answer.
    if (this.answers.size >= MAX_REMEMBERED) this.answers.delete(this.answers.keys().next().value!);
    this.answers.set(key, tls);
  }

  private async whenFree<T>(run: () => Promise<T>): Promise<T> {
    if (this.active >= MAX_AT_ONCE) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await run();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}
