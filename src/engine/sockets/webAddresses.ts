/**
 * What a listener is on the web: its URL's scheme and the label the user gave
 * it. The scheme is the user's when `remote.portsAttributes` sets a protocol,
 * else what a TLS probe found; the label is the user's. One place answers for
 * the tree, Copy URL, Open and the "listening on" notification, so they agree.
 *
 * A probe is a connection to someone's server, and not every server takes a
 * stray ClientHello well (a one-shot login helper takes it as its only
 * request; PostgreSQL and sshd log it): it is opened only when an answer is
 * needed (a URL is asked for, never when a row is drawn), only to a listener
 * of the user's own processes, and only while probing is on (the
 * `portZero.detectHttps` setting, a trusted workspace).
 */
import { currentUser, type CurrentUser, ownershipOf } from '../proc/processOwner';
import type { ProcessInfo } from '../proc/processInfo';
import { CommandLinePatterns } from './commandLinePatterns';
import { attributesFor, noPortsAttributes, type PortAttributes, type PortsAttributeRules, type WebProtocol } from './portsAttributes';
import type { Socket } from './socket';
import { socketUrl } from './socketUrl';
import { TlsProbes } from './tlsProbe';

export class WebAddresses {
  private rules: PortsAttributeRules = noPortsAttributes;
  private probing = true;

  constructor(
    readonly probes: TlsProbes = new TlsProbes(),
    private readonly patterns: CommandLinePatterns = new CommandLinePatterns(),
    private readonly me: CurrentUser = currentUser(),
  ) {}

  setRules(rules: PortsAttributeRules): void {
    this.rules = rules;
    this.patterns.forget();
  }

  /** Off: no listener is probed, and only the user's protocol (or a probe's earlier answer) makes https. */
  setProbing(on: boolean): void {
    this.probing = on;
  }

  attributesOf(socket: Socket, process: ProcessInfo | undefined): PortAttributes {
    if (this.rules.rules.length === 0) return {};
    const facts = { port: socket.local.port, host: socket.local.address, commandLine: process?.commandLine };
    // A command line is only there with its process.
    return attributesFor(this.rules, facts, (pattern, commandLine) => this.patterns.test(pattern, process!, commandLine));
  }

  labelOf(socket: Socket, process: ProcessInfo | undefined): string | undefined {
    return this.attributesOf(socket, process).label;
  }

  /** Without waiting or probing: the user's protocol, else a probe's earlier answer; undefined while none is known. */
  schemeOf(socket: Socket, process: ProcessInfo | undefined): WebProtocol | undefined {
    const forced = this.attributesOf(socket, process).protocol;
    if (forced !== undefined) return forced;
    const tls = this.probes.known(socket, process);
    return tls === undefined ? undefined : tls ? 'https' : 'http';
  }

  /** The URL to copy or open: probes (at most its timeout) the first time one of the user's listeners is asked about. */
  async urlOf(socket: Socket, process: ProcessInfo | undefined): Promise<string | undefined> {
    if (socketUrl(socket) === undefined) return undefined;
    const forced = this.attributesOf(socket, process).protocol;
    if (forced !== undefined) return socketUrl(socket, forced);
    const tls = this.mayProbe(process) ? await this.probes.probe(socket, process) : this.probes.known(socket, process);
    return socketUrl(socket, tls ? 'https' : 'http');
  }

  private mayProbe(process: ProcessInfo | undefined): boolean {
    return this.probing && process !== undefined && ownershipOf(process, this.me) === 'own';
  }
}
