/**
 * Stop Container and Restart Container on a row of the Containers group (the
 * container or one of its ports).
 */
import * as vscode from 'vscode';
import type { Container } from '../engine/containers/container';
import type { ViewNode } from '../engine/view/viewNodes';
import type { ContainerActions } from '../services/containerActions';

function containerOf(node: ViewNode | undefined): Container | undefined {
  return node?.kind === 'container' || node?.kind === 'containerPort' ? node.container : undefined;
}

export function registerContainerCommands(nodeOf: (id: string) => ViewNode | undefined, actions: ContainerActions): vscode.Disposable {
  const command = (id: string, action: 'stop' | 'restart'): vscode.Disposable =>
    vscode.commands.registerCommand(id, (element?: string) => actions.run(action, containerOf(element === undefined ? undefined : nodeOf(element))));
  return vscode.Disposable.from(
    command('portZero.stopContainer', 'stop'),
    command('portZero.restartContainer', 'restart'),
  );
}
