import type * as vscode from 'vscode';
import type { StopPrompts } from '../commands/socketCommands';
import type { Refresher } from '../refresh/refresher';
import type { StartedServersStatus } from '../statusBar/startedServersStatus';
import type { SocketFilterState } from './socketFilters';
import type { SocketTreeProvider } from './socketTree';

/**
 * The Ports view's live parts, in the API activate() returns: integration
 * tests read the tree through it and answer Stop's modal through `stopPrompts`.
 */
export interface SocketsApi {
  readonly tree: SocketTreeProvider;
  readonly view: vscode.TreeView<string>;
  readonly refresher: Refresher;
  readonly filters: SocketFilterState;
  readonly stopPrompts: StopPrompts;
  readonly status: StartedServersStatus;
}
