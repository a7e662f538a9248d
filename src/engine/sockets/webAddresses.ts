/**
 * What a listener is on the web: its URL's scheme and the label the user gave
 * it. The scheme is the user's when `remote.portsAttributes` sets a protocol,
 * else what a TLS probe found; the label is the user's. One place answers for
 * the tree, Copy URL, Open and the "listening on" notification, so they agree.
 */
import type { ProcessInfo } from '../proc/processInfo';
import { attributesFor, noPortsAttributes, type PortAttributes, type PortsAttributeRules, type WebProtocol } from './portsAttributes';
import type { Socket } from './socket';
import { socketUrl } from './socketUrl';
import { TlsProbes } from './tlsProbe';

export class WebAddresses {
  private rules: PortsAttributeRules = noPortsAttributes;

  constructor(readonly probes: TlsProbes = new TlsProbes()) {}

  setRules(rules: PortsAttributeRules): void {
    this.rules = rules;
  }

  attributesOf(socket: Socket, process: ProcessInfo | undefined): PortAttributes {
    if (this.rules.rules.length === 0) return {};
    return attributesFor(this.rules, { port: socket.local.port, host: socket.local.address, commandLine: process?.commandLine });
  }

  labelOf(socket: Socket, process: ProcessInfo | undefined): string | undefined {
    return this.attributesOf(socket, process).label;
  }

  /**
   * Without waiting: the user's protocol, else the probe's answer; undefined
   * while no answer is known, and then a probe starts (its answer comes
   * through the probes' `onTls`).
   */
  schemeOf(socket: Socket, process: ProcessInfo | undefined): WebProtocol | undefined {
    const forced = this.attributesOf(socket, process).protocol;
    if (forced !== undefined) return forced;
    const tls = this.probes.known(socket, process);
    if (tls === undefined) void this.probes.probe(socket, process);
    return tls === undefined ? undefined : tls ? 'https' : 'http';
  }

  /** The URL to copy or open: waits for the probe (at most its timeout) the first time a listener is asked about. */
  async urlOf(socket: Socket, process: ProcessInfo | undefined): Promise<string | undefined> {
    if (socketUrl(socket) === undefined) return undefined;
    const forced = this.attributesOf(socket, process).protocol;
    const scheme = forced ?? ((await this.probes.probe(socket, process)) ? 'https' : 'http');
    return socketUrl(socket, scheme);
  }
}
