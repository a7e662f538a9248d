/**
 * Hover text for a tree row. Built only when VS Code resolves a hovered item:
 * thousands of rows never need one. Values go through appendText so a
 * command line full of `*`, `|` or backticks cannot inject markdown.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { formatEndpoint } from '../engine/sockets/address';
import type { Socket } from '../engine/sockets/socket';
import type { ProcessInfo } from '../engine/proc/processInfo';
import { publishedPortLabel } from '../engine/containers/publishedPorts';
import type { ContainerNode, ContainerPortNode, ViewNode } from '../engine/view/viewNodes';

const publishedList = (node: ContainerNode): string => node.container.ports.map(publishedPortLabel).join(', ');

function userName(uid: number | undefined): string | undefined {
  if (uid === undefined) return undefined;
  if (uid === process.getuid?.()) return `${os.userInfo().username} (${uid})`;
  return String(uid);
}

function field(md: vscode.MarkdownString, name: string, value: string | number | undefined): void {
  if (value === undefined || value === '') return;
  md.appendMarkdown(`**${name}:** `);
  md.appendText(String(value));
  md.appendMarkdown('  \n');
}

function processFields(md: vscode.MarkdownString, p: ProcessInfo | undefined, uid: number | undefined): void {
  if (p === undefined) {
    field(md, vscode.l10n.t('Process'), vscode.l10n.t('unknown (another user, or it has exited)'));
    field(md, vscode.l10n.t('User'), userName(uid));
    return;
  }
  field(md, vscode.l10n.t('Process'), `${p.name} (${vscode.l10n.t('pid {0}', p.pid)})`);
  field(md, vscode.l10n.t('User'), userName(p.uid ?? uid));
  field(md, vscode.l10n.t('Command line'), p.commandLine);
  field(md, vscode.l10n.t('Working directory'), p.cwd);
}

function socketFields(md: vscode.MarkdownString, s: Socket): void {
  field(md, vscode.l10n.t('Local address'), formatEndpoint(s.local));
  if (s.peer) field(md, vscode.l10n.t('Peer address'), formatEndpoint(s.peer));
  field(md, vscode.l10n.t('State'), s.state);
  field(md, vscode.l10n.t('Protocol'), s.local.dualStack
    ? vscode.l10n.t('{0}, IPv6 and IPv4', s.protocol)
    : `${s.protocol}, IPv${s.family}`);
  field(md, vscode.l10n.t('Inode'), s.inode);
}

/** Which engine, which container (its full id, as `docker` commands take it), and who holds the host port. */
function containerFields(md: vscode.MarkdownString, node: ContainerNode | ContainerPortNode): void {
  const c = node.container;
  field(md, vscode.l10n.t('Container'), c.name);
  field(md, vscode.l10n.t('Image'), c.image);
  field(md, vscode.l10n.t('Compose project'), c.project);
  field(md, vscode.l10n.t('Compose service'), c.service);
  field(md, vscode.l10n.t('Status'), c.status);
  field(md, vscode.l10n.t('Engine'), `${node.engine.name} (${node.engine.socketPath})`);
  field(md, vscode.l10n.t('Container id'), c.id);
}

export function tooltipFor(node: ViewNode): vscode.MarkdownString | undefined {
  const md = new vscode.MarkdownString();
  switch (node.kind) {
    case 'socket':
      socketFields(md, node.socket);
      processFields(md, node.process, node.socket.uid);
      return md;
    case 'process':
      processFields(md, node.process, node.process.uid);
      return md;
    case 'startedServer':
      field(md, vscode.l10n.t('Started by Port Zero'), node.server.name);
      field(md, vscode.l10n.t('Listening on'), node.addresses.join(', '));
      if (node.server.listening.some((s) => s.local.wildcard)) field(md, vscode.l10n.t('Exposure'), vscode.l10n.t('listens on all interfaces — reachable from the network'));
      field(md, vscode.l10n.t('Exited'), node.server.exited);
      processFields(md, node.process, undefined);
      return md;
    case 'terminal':
      field(md, vscode.l10n.t('Terminal'), node.terminal.open ? node.terminal.name : vscode.l10n.t('{0} (closed)', node.terminal.name));
      field(md, vscode.l10n.t('Shell'), vscode.l10n.t('pid {0}', node.terminal.shellPid));
      field(md, vscode.l10n.t('Listening on'), node.addresses.join(', '));
      return md;
    case 'container':
      containerFields(md, node);
      field(md, vscode.l10n.t('Published'), publishedList(node));
      return md;
    case 'containerPort':
      field(md, vscode.l10n.t('Published'), node.label);
      containerFields(md, node);
      field(md, vscode.l10n.t('Host port held by'), node.process
        ? `${node.process.name} (${vscode.l10n.t('pid {0}', node.process.pid)})`
        : node.socket.pid !== undefined ? vscode.l10n.t('pid {0}', node.socket.pid) : vscode.l10n.t('no host process (forwarded by firewall rules), or one Port Zero can\'t read'));
      return md;
    default:
      return undefined;
  }
}
