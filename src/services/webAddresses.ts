/**
 * The window's WebAddresses (src/engine/sockets/webAddresses.ts): labels and
 * protocols from `remote.portsAttributes`, re-read when it changes, and the
 * TLS probes' answers, as events the tree redraws on.
 */
import * as vscode from 'vscode';
import { PORTS_ATTRIBUTES, readPortsAttributes } from '../config/portsAttributesSetting';
import type { ProcessInfo } from '../engine/proc/processInfo';
import type { Socket } from '../engine/sockets/socket';
import { TlsProbes } from '../engine/sockets/tlsProbe';
import { WebAddresses } from '../engine/sockets/webAddresses';
import type { WebFacts } from '../engine/view/viewNodes';

export class WebAddressesService implements WebFacts, vscode.Disposable {
  private readonly addresses: WebAddresses;
  private readonly attributesChanged = new vscode.EventEmitter<void>();
  /** After `remote.portsAttributes` changed: every label and forced scheme may have. */
  readonly onDidChangeAttributes = this.attributesChanged.event;
  private readonly tlsFound = new vscode.EventEmitter<string>();
  /** A listener (its `listenerKey`) turned out to speak TLS. */
  readonly onDidFindTls = this.tlsFound.event;
  private readonly subscription: vscode.Disposable;

  constructor(log: vscode.LogOutputChannel) {
    this.addresses = new WebAddresses(new TlsProbes((key) => this.tlsFound.fire(key)));
    this.addresses.setRules(readPortsAttributes(log));
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(PORTS_ATTRIBUTES)) return;
      this.addresses.setRules(readPortsAttributes(log));
      this.attributesChanged.fire();
    });
  }

  labelOf(socket: Socket, process: ProcessInfo | undefined): string | undefined {
    return this.addresses.labelOf(socket, process);
  }

  schemeOf(socket: Socket, process: ProcessInfo | undefined): 'http' | 'https' | undefined {
    return this.addresses.schemeOf(socket, process);
  }

  /** The URL Copy URL, Open and the "listening on" notification use; waits for a first probe (≤ 200 ms). */
  urlOf(socket: Socket, process: ProcessInfo | undefined): Promise<string | undefined> {
    return this.addresses.urlOf(socket, process);
  }

  dispose(): void {
    this.subscription.dispose();
    this.attributesChanged.dispose();
    this.tlsFound.dispose();
  }
}
