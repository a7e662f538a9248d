/**
 * Stop Container and Restart Container: through the engine's API, after a
 * question naming the container, its image and its compose service; never by
 * signalling the forwarder (docker-proxy) that holds its host port, which
 * would only break the port and leave the container running. Nothing is
 * stopped in Restricted Mode. Shared by the tree's menus and Stop the
 * Process on a Port.
 */
import * as vscode from 'vscode';
import { composeName, type Container } from '../engine/containers/container';
import type { ContainerSource } from '../engine/containers/containerSource';
import { userMessages } from '../messages/userMessages';
import type { Refresher } from './refresher';
import type { Question } from './stopPrompts';

export type ContainerAction = 'stop' | 'restart';

export class ContainerActions {
  constructor(private readonly source: ContainerSource, private readonly refresher: Refresher, private readonly log: vscode.LogOutputChannel) {}

  /** The question's words (tests read them: a modal can't be read back). */
  question(action: ContainerAction, container: Container): Question {
    const compose = composeName(container);
    return {
      message: action === 'stop'
        ? vscode.l10n.t('Stop container {0}?', container.name)
        : vscode.l10n.t('Restart container {0}?', container.name),
      detail: [
        vscode.l10n.t('Image: {0}', container.image),
        ...(compose ? [vscode.l10n.t('Compose service: {0}', compose)] : []),
        action === 'stop'
          ? vscode.l10n.t('The container engine stops it as `docker stop` does: SIGTERM, then SIGKILL after its stop timeout.')
          : vscode.l10n.t('The container engine restarts it as `docker restart` does.'),
      ].join('\n'),
      button: action === 'stop' ? vscode.l10n.t('Stop Container') : vscode.l10n.t('Restart Container'),
    };
  }

  /** A modal cannot be clicked from inside the extension host: integration tests replace this method. */
  async confirm(action: ContainerAction, container: Container): Promise<boolean> {
    const { message, detail, button } = this.question(action, container);
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
  }

  async run(action: ContainerAction, container: Container | undefined): Promise<void> {
    if (container === undefined) return;
    if (!vscode.workspace.isTrusted) {
      void userMessages.warn(vscode.l10n.t('Port Zero stops and restarts no containers in Restricted Mode.'));
      return;
    }
    if (!(await this.confirm(action, container))) return;
    try {
      const outcome = await this.source.act(container, action);
      if (outcome === 'gone') void userMessages.info(vscode.l10n.t('Container {0} no longer exists.', container.name));
      else if (outcome === 'alreadyStopped') void userMessages.info(vscode.l10n.t('Container {0} had already stopped.', container.name));
    } catch (error) {
      this.log.error(`${action} ${container.name} (${container.id}) failed`, error);
      const why = error instanceof Error ? error.message : String(error);
      void userMessages.error(action === 'stop'
        ? vscode.l10n.t('The container engine could not stop {0}: {1}', container.name, why)
        : vscode.l10n.t('The container engine could not restart {0}: {1}', container.name, why));
    }
    await this.refresher.refresh().catch(() => undefined);
  }
}
