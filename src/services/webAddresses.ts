/**
 * The window's WebAddresses (src/engine/sockets/webAddresses.ts): labels and
 * protocols from `remote.portsAttributes`, re-read when it changes, and the
 * TLS probes' answers, as events the tree redraws on. Probing follows
 * `portZero.detectHttps` and workspace trust: Restricted Mode probes nothing.
 */
import * as vscode from 'vscode';
import { PORTS_ATTRIBUTES, readPortsAttributes } from '../config/portsAttributesSetting';
import type { ProcessInfo } from '../engine/proc/processInfo';
import { CommandLinePatterns, PATTERN_BUDGET_MS } from '../engine/sockets/commandLinePatterns';
import type { Socket } from '../engine/sockets/socket';
import { TlsProbes } from '../engine/sockets/tlsProbe';
import { WebAddresses } from '../engine/sockets/webAddresses';
import type { WebFacts } from '../engine/view/viewNodes';
import { userMessages } from '../messages/userMessages';

const DETECT_HTTPS = 'portZero.detectHttps';

function probingOn(): boolean {
  return vscode.workspace.isTrusted && vscode.workspace.getConfiguration().get<string>(DETECT_HTTPS, 'onDemand') !== 'off';
}

export class WebAddressesService implements WebFacts, vscode.Disposable {
  private readonly addresses: WebAddresses;
  private readonly attributesChanged = new vscode.EventEmitter<void>();
  /** After `remote.portsAttributes` changed: every label and forced scheme may have. */
  readonly onDidChangeAttributes = this.attributesChanged.event;
  private readonly tlsFound = new vscode.EventEmitter<string>();
  /** A listener (its `listenerKey`) turned out to speak TLS. */
  readonly onDidFindTls = this.tlsFound.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(log: vscode.LogOutputChannel) {
    const patterns = new CommandLinePatterns((pattern) => {
      const problem = vscode.l10n.t('Setting remote.portsAttributes: the pattern "{0}" took longer than {1} ms on a command line. Port Zero no longer uses it.',
        pattern.source, PATTERN_BUDGET_MS);
      log.warn(problem);
      userMessages.settingProblem(problem, PORTS_ATTRIBUTES);
    });
    this.addresses = new WebAddresses(new TlsProbes((key) => this.tlsFound.fire(key)), patterns);
    this.addresses.setRules(readPortsAttributes(log));
    this.addresses.setProbing(probingOn());
    const reread = (): void => {
      this.addresses.setRules(readPortsAttributes(log));
      this.addresses.setProbing(probingOn());
      this.attributesChanged.fire();
    };
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(PORTS_ATTRIBUTES)) reread();
        else if (e.affectsConfiguration(DETECT_HTTPS)) this.addresses.setProbing(probingOn());
      }),
      // The workspace's own remote.portsAttributes counts from now on.
      vscode.workspace.onDidGrantWorkspaceTrust(reread),
    ];
  }

  labelOf(socket: Socket, process: ProcessInfo | undefined): string | undefined {
    return this.addresses.labelOf(socket, process);
  }

  schemeOf(socket: Socket, process: ProcessInfo | undefined): 'http' | 'https' | undefined {
    return this.addresses.schemeOf(socket, process);
  }

  /** The URL Copy URL, Open and the "listening on" notification use; may wait for a first probe (≤ 200 ms). */
  urlOf(socket: Socket, process: ProcessInfo | undefined): Promise<string | undefined> {
    return this.addresses.urlOf(socket, process);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.attributesChanged.dispose();
    this.tlsFound.dispose();
  }
}
