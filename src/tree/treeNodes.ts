/**
 * Model nodes (src/engine/view/socketView.ts) to TreeItems: the last, thin step,
 * taken only for rows VS Code asks about. Words that need translating are
 * chosen here; addresses, states and pids read the same in every language.
 */
import * as vscode from 'vscode';
import type { SocketState } from '../engine/sockets/socket';
import type { SocketNode, ViewNode } from '../engine/view/viewNodes';

const CLOSING: ReadonlySet<SocketState> = new Set(['FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSING']);
const OPENING: ReadonlySet<SocketState> = new Set(['SYN_SENT', 'SYN_RECV', 'NEW_SYN_RECV']);

function socketIcon(node: SocketNode): vscode.ThemeIcon {
  if (node.listener) return new vscode.ThemeIcon(node.socket.protocol === 'tcp' ? 'radio-tower' : 'broadcast');
  if (CLOSING.has(node.socket.state)) return new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('disabledForeground'));
  if (OPENING.has(node.socket.state)) return new vscode.ThemeIcon('sync');
  return new vscode.ThemeIcon('arrow-swap');
}

function collapsible(node: ViewNode, expanded: boolean): vscode.TreeItemCollapsibleState {
  if (node.children.length === 0) return vscode.TreeItemCollapsibleState.None;
  return expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
}

function baseItem(node: ViewNode, label: string, expanded: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(label, collapsible(node, expanded));
  item.id = node.id;
  item.contextValue = node.contextValue;
  return item;
}

export function toTreeItem(node: ViewNode): vscode.TreeItem {
  switch (node.kind) {
    case 'startedGroup': {
      const item = baseItem(node, vscode.l10n.t('Started here'), true);
      item.iconPath = new vscode.ThemeIcon('rocket');
      return item;
    }
    case 'startedServer': {
      const item = baseItem(node, node.server.name, true);
      const { exited } = node.server;
      if (exited !== undefined) {
        item.description = vscode.l10n.t('exited ({0})', exited);
        item.iconPath = new vscode.ThemeIcon('debug-stop', new vscode.ThemeColor('disabledForeground'));
        return item;
      }
      item.description = node.addresses.length > 0 ? node.addresses.join(', ') : vscode.l10n.t('waiting for a port…');
      item.iconPath = node.addresses.length > 0
        ? new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('charts.green'))
        : new vscode.ThemeIcon('loading~spin');
      return item;
    }
    case 'terminalsGroup': {
      const item = baseItem(node, vscode.l10n.t('Terminals'), true);
      item.iconPath = new vscode.ThemeIcon('terminal');
      return item;
    }
    case 'terminal': {
      const item = baseItem(node, node.terminal.name, true);
      const addresses = node.addresses.join(', ');
      item.description = node.terminal.open ? addresses : vscode.l10n.t('closed · {0}', addresses);
      item.iconPath = node.terminal.open ? new vscode.ThemeIcon('terminal') : new vscode.ThemeIcon('terminal', new vscode.ThemeColor('disabledForeground'));
      return item;
    }
    case 'process': {
      const item = baseItem(node, node.label, false);
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon(node.own ? 'server-process' : 'lock');
      return item;
    }
    case 'ownerUnknown': {
      const item = baseItem(node, vscode.l10n.t('Owner unknown'), false);
      item.description = vscode.l10n.t('another user, or exited');
      item.iconPath = new vscode.ThemeIcon('question');
      return item;
    }
    case 'portGroup': {
      const item = baseItem(node, node.label, false);
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon('plug');
      return item;
    }
    case 'socket': {
      const item = baseItem(node, node.label, false);
      item.description = node.description;
      item.iconPath = socketIcon(node);
      return item;
    }
    case 'containerGroup': {
      const item = baseItem(node, vscode.l10n.t('Containers'), true);
      item.iconPath = new vscode.ThemeIcon('layers');
      return item;
    }
    case 'container': {
      const item = baseItem(node, node.label, true);
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon('package', new vscode.ThemeColor('charts.green'));
      return item;
    }
    case 'containerPort': {
      const item = baseItem(node, node.label, false);
      item.iconPath = new vscode.ThemeIcon(node.port.protocol === 'tcp' ? 'radio-tower' : 'broadcast');
      return item;
    }
  }
}
