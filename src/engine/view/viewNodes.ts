/**
 * The Ports tree's node types and the inputs that shape it (filter, the
 * servers Port Zero started, the user's context). A server Port Zero started
 * is a `StartedServer` here, in what the views show; in the engine it is a
 * `LaunchedServer` (src/engine/launch/launchedServer.ts), which owns its
 * process tree.
 */
import type { Container, ContainerList, EngineInfo, PublishedPort } from '../containers/container';
import type { ProcessInfo } from '../proc/processInfo';
import type { CurrentUser, Ownership } from '../proc/processOwner';
import type { Socket } from '../sockets/socket';
import type { TerminalShell } from './terminalAttribution';

export interface SocketFilter {
  /** false: listening sockets only (the default); true: connections too. */
  readonly connections: boolean;
  readonly tcp: boolean;
  readonly udp: boolean;
  /** Only processes whose working directory is inside a workspace folder. */
  readonly workspaceOnly: boolean;
  readonly groupBy: 'process' | 'port';
}

export const defaultSocketFilter: SocketFilter = {
  connections: false, tcp: true, udp: true, workspaceOnly: false, groupBy: 'process',
};

/** A server Port Zero launched, as the launcher reports it. */
export interface StartedServer {
  readonly id: string;
  readonly name: string;
  /** Undefined until the launch has spawned. */
  readonly rootPid: number | undefined;
  readonly listening: readonly Socket[];
  /** Socket id → its process, from the same poll that found the socket (so row and socket agree). */
  readonly owners?: ReadonlyMap<string, ProcessInfo>;
  /** How it ended (`code 143`, a launch error), while it stays listed for Restart and Remove; undefined while it runs. */
  readonly exited?: string;
}

export interface ViewContext {
  /** Folder paths as opened and as resolved (a process's cwd is always the resolved path). */
  readonly workspaceFolders: readonly string[];
  /** Who is looking: Stop is offered for their own processes (and those whose owner can't be read). */
  readonly user: CurrentUser;
  /** Decides whether the workspace filter can apply: Windows gives no cheap working directory. */
  readonly platform: NodeJS.Platform;
  /** The editor's own processes (extension host, its ancestors, their groups, the pty host; on Windows its program's tree): never stoppable. */
  readonly editor?: { covers(process: ProcessInfo): boolean };
  /** Labels and schemes of listeners (WebAddresses); without it rows show neither. */
  readonly web?: WebFacts;
  /** The window's terminals (TerminalAttribution); without it there is no Terminals group. */
  readonly terminals?: TerminalFacts;
  /** The running containers, when an engine answered: their ports are shown as theirs. */
  readonly containers?: ContainerList;
}

/** Which terminal of this window each process was started from. */
export interface TerminalFacts {
  attribute(processes: ReadonlyMap<number, ProcessInfo>, pids: Iterable<number>): ReadonlyMap<number, TerminalShell>;
}

/** What the user named a TCP listener (`remote.portsAttributes`), and whether it is known to speak https. */
export interface WebFacts {
  labelOf(socket: Socket, process: ProcessInfo | undefined): string | undefined;
  /** Never waits and never probes: undefined while unknown (a probe started by Copy URL or Open redraws the row when it answers). */
  schemeOf(socket: Socket, process: ProcessInfo | undefined): 'http' | 'https' | undefined;
}

export interface NodeBase {
  /** `${parentId}/${key}` below the top level, `key` at it. */
  readonly id: string;
  /** Unique among siblings. */
  readonly key: string;
  readonly parentId: string | undefined;
  readonly children: readonly ViewNode[];
  /** `portZero.<kind>` plus traits (`.tcp`, `.own`) that menus match with `viewItem =~ /…/`. */
  readonly contextValue: string;
}

/** Groups and processes are few: one string of everything they show is the cheapest way to compare them. */
export interface SignedNode extends NodeBase {
  readonly signature: string;
}

export interface StartedGroupNode extends SignedNode { readonly kind: 'startedGroup' }
export interface OwnerUnknownNode extends SignedNode { readonly kind: 'ownerUnknown' }
export interface StartedServerNode extends SignedNode {
  readonly kind: 'startedServer';
  readonly server: StartedServer;
  readonly process: ProcessInfo | undefined;
  /** Listening addresses, `127.0.0.1:5173`, shown as the description. */
  readonly addresses: readonly string[];
}
export interface TerminalsGroupNode extends SignedNode { readonly kind: 'terminalsGroup' }
export interface TerminalNode extends SignedNode {
  readonly kind: 'terminal';
  readonly terminal: TerminalShell;
  /** Listening addresses of its processes, `127.0.0.1:5173`. */
  readonly addresses: readonly string[];
}
export interface ProcessNode extends SignedNode {
  readonly kind: 'process';
  readonly process: ProcessInfo;
  /** Stop is offered: the user's own process, or one whose owner can't be read (the confirmation says so). */
  readonly own: boolean;
  readonly owner: Ownership;
  readonly label: string;
  readonly description: string;
}
export interface SocketNode extends NodeBase {
  readonly kind: 'socket';
  readonly socket: Socket;
  readonly process: ProcessInfo | undefined;
  /** As on ProcessNode; false without a process. */
  readonly own: boolean;
  readonly owner: Ownership;
  readonly listener: boolean;
  readonly label: string;
  readonly description: string;
  /** What grouping by port adds to the description: the owner's name and pid. */
  readonly ownerSuffix: string;
}
export interface PortGroupNode extends SignedNode {
  readonly kind: 'portGroup';
  readonly port: number;
  readonly label: string;
  readonly description: string;
}

export interface ContainerGroupNode extends SignedNode { readonly kind: 'containerGroup' }
export interface ContainerNode extends SignedNode {
  readonly kind: 'container';
  readonly container: Container;
  readonly engine: EngineInfo;
  readonly label: string;
  /** Image, compose project/service, status. */
  readonly description: string;
}
export interface ContainerPortNode extends SignedNode {
  readonly kind: 'containerPort';
  readonly container: Container;
  readonly engine: EngineInfo;
  readonly port: PublishedPort;
  /** The host listener (docker-proxy's), or, with firewall forwarding only, one made from the engine's answer. */
  readonly socket: Socket;
  /** The forwarder holding the host port (`docker-proxy`, `rootlessport`); undefined when none does or it can't be read. */
  readonly process: ProcessInfo | undefined;
  /** `127.0.0.1:32768 → 8080/tcp`, with its `remote.portsAttributes` label. */
  readonly label: string;
}

export type ViewNode =
  | StartedGroupNode | StartedServerNode | TerminalsGroupNode | TerminalNode | ProcessNode | SocketNode | OwnerUnknownNode | PortGroupNode
  | ContainerGroupNode | ContainerNode | ContainerPortNode;

export interface SocketView {
  readonly roots: readonly ViewNode[];
  /** The node an id names; resolved on demand, so rows VS Code never asks about cost nothing. */
  nodeOf(id: string): ViewNode | undefined;
  /** Listeners the protocol or workspace filters hid: tells "nothing listens" from "all filtered out". */
  readonly hiddenListeners: number;
}
