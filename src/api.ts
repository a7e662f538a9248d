/**
 * What `activate()` returns: the live parts, for the integration tests and
 * for other extensions that want to read the socket table or start servers.
 */
import type * as vscode from 'vscode';
import type { PortAllocator } from './engine/ports/allocator';
import type { PollScheduler } from './engine/sockets/pollScheduler';
import type { SocketSource } from './engine/sockets/socket';
import type { Launcher } from './launch/launcher';
import type { UserMessages } from './messages/userMessages';
import type { ContainerActions } from './services/containerActions';
import type { Refresher } from './services/refresher';
import type { ActivationTiming } from './services/activationTiming';
import type { StopPrompts } from './services/stopPrompts';
import type { ServersStatusBar } from './statusBar/serversStatusBar';
import type { SocketFilterState } from './tree/socketFilters';
import type { SocketTreeProvider } from './tree/socketTree';

export interface PortZeroApi {
  readonly socketSource: SocketSource;
  readonly allocator: PortAllocator;
  /** The one clock: `scheduler.jobs` says what polls now. */
  readonly scheduler: PollScheduler;
  readonly launcher: Launcher;
  readonly sockets: SocketsApi;
  /** Every notification Port Zero shows, as an event: what the user saw, for tests. */
  readonly messages: UserMessages;
  /** activate() entry → return and → first tree render, in ms (the integration suite prints them). */
  readonly activation: ActivationTiming;
}

/** The Ports view's live parts: tests read the tree through it and answer Stop's modal through `stopPrompts`. */
export interface SocketsApi {
  readonly tree: SocketTreeProvider;
  readonly view: vscode.TreeView<string>;
  readonly refresher: Refresher;
  readonly filters: SocketFilterState;
  readonly stopPrompts: StopPrompts;
  readonly status: ServersStatusBar;
  /** Stop and Restart Container; tests answer its question by replacing `confirm`. */
  readonly containers: ContainerActions;
}
