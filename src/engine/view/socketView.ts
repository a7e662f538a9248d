/**
 * The Ports tree as data: which nodes exist, in what order, under which
 * parent, and what each shows. Pure, so it is unit-tested and benchmarked in
 * Node; the VS Code adapter (src/tree/) only turns nodes into TreeItems.
 * Ids are paths (`process:42/socket:9133`) so the same socket under "Started
 * here" and under its process stays two distinct tree elements.
 */
import { formatEndpoint } from '../sockets/address';
import { isBrowsable } from '../sockets/localAddresses';
import { SocketRow } from './socketRow';
import { withLabel } from '../sockets/portsAttributes';
import { isListener, isTcpListener, type Snapshot, type Socket } from '../sockets/socket';
import type { ProcessInfo } from '../proc/processInfo';
import { ownershipOf, type Ownership } from '../proc/processOwner';
import { ViewIndex } from './socketViewIndex';
import { terminalsGroup } from './terminalsGroup';
import { containerGroup } from './containerGroup';
import type { PortGroupNode, ProcessNode, SocketFilter, SocketNode, SocketView, StartedGroupNode, StartedServer, StartedServerNode, ViewContext, ViewNode } from './viewNodes';


/**
 * Whether "Show Only Processes in the Workspace" can be honoured: it needs
 * each process's working directory, which Windows gives only by reading
 * another process's memory. There the filter is not applied and the view
 * says so, rather than hiding everything but "Started here".
 */
export function workspaceFilterApplies(platform: NodeJS.Platform): boolean {
  return platform !== 'win32';
}

export function isInsideFolders(cwd: string | undefined, folders: readonly string[]): boolean {
  if (cwd === undefined) return false;
  return folders.some((folder) => {
    const base = folder.replace(/[\\/]+$/, '');
    return cwd === base || ((cwd.startsWith(`${base}/`) || cwd.startsWith(`${base}\\`)) && base !== '');
  });
}

/** argv[0] as its basename, the rest as is, cut to fit a description. */
export function shortCommandLine(commandLine: string | undefined, max = 60): string {
  if (!commandLine) return '';
  const space = commandLine.indexOf(' ');
  const program = space < 0 ? commandLine : commandLine.slice(0, space);
  const slash = Math.max(program.lastIndexOf('/'), program.lastIndexOf('\\'));
  const short = program.slice(slash + 1) + (space < 0 ? '' : commandLine.slice(space));
  return short.length > max ? `${short.slice(0, max - 1)}…` : short;
}

/**
 * Whether a node would draw the same. Sockets are compared by the fields
 * their label, description and tooltip come from, so an unchanged refresh
 * builds none of those strings. A socket's
 * process details are its process node's to compare (firing that node redraws
 * its sockets too), so only the process identity is checked here.
 */
export function looksSame(a: ViewNode, b: ViewNode): boolean {
  if (a.kind === 'socket' || b.kind === 'socket') {
    if (a.kind !== 'socket' || b.kind !== 'socket') return false;
    const x = a.socket;
    const y = b.socket;
    return x.state === y.state && x.protocol === y.protocol && x.family === y.family
      && x.local.address === y.local.address && x.local.port === y.local.port
      && x.peer?.address === y.peer?.address && x.peer?.port === y.peer?.port
      && x.inode === y.inode && x.uid === y.uid && a.contextValue === b.contextValue && a.owner === b.owner && a.ownerSuffix === b.ownerSuffix
      && a.process?.pid === b.process?.pid && a.process?.startTime === b.process?.startTime;
  }
  return a.kind === b.kind && a.contextValue === b.contextValue && a.signature === b.signature;
}

/** Whose the process is; a socket's own uid (procfs knows it even when the process can't be read) fills in. */
export function ownerOf(process: ProcessInfo | undefined, socket: Socket | undefined, ctx: ViewContext): Ownership {
  if (process === undefined) return 'unknown';
  // The editor's own processes count as not the user's, so Stop is never offered on them.
  if (ctx.editor?.covers(process)) return 'other';
  return ownershipOf({ uid: process.uid ?? socket?.uid, user: process.user }, ctx.user);
}

const byLocalThenPeer = (a: Socket, b: Socket): number =>
  Number(isListener(b)) - Number(isListener(a))
  || a.local.port - b.local.port
  || (a.local.address < b.local.address ? -1 : a.local.address > b.local.address ? 1 : 0)
  || (a.peer?.port ?? 0) - (b.peer?.port ?? 0)
  || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function processKey(p: ProcessInfo | undefined): string {
  return p === undefined ? '' : `${p.pid}:${p.startTime ?? ''}:${p.name}:${p.uid ?? ''}:${p.user ?? ''}:${p.cwd ?? ''}:${p.commandLine ?? ''}`;
}

function socketNode(parentId: string, socket: Socket, process: ProcessInfo | undefined, ctx: ViewContext,
  ownerSuffix: string, owner = ownerOf(process, socket, ctx)): SocketNode {
  return new SocketRow(parentId, socket, process, owner, ownerSuffix, ctx.web);
}

function processNode(process: ProcessInfo, sockets: Socket[], ctx: ViewContext, parentId?: string): ProcessNode {
  const key = `process:${process.pid}:${process.startTime ?? ''}`;
  const id = parentId === undefined ? key : `${parentId}/${key}`;
  const owner = ownerOf(process, sockets[0], ctx);
  const own = owner !== 'other';
  const children = sockets.sort(byLocalThenPeer).map((s) => socketNode(id, s, process, ctx, ''));
  const label = process.name;
  const command = shortCommandLine(process.commandLine);
  const description = command ? `${process.pid} · ${command}` : String(process.pid);
  return {
    kind: 'process', id, key, parentId, children,
    contextValue: `portZero.process${own ? '.own' : ''}`,
    signature: `${label}|${description}|${owner}|${processKey(process)}`,
    process, own, owner, label, description,
  };
}

function startedGroup(servers: readonly StartedServer[], snapshot: Snapshot, ctx: ViewContext): StartedGroupNode {
  const id = 'started';
  const children = servers.map((server): StartedServerNode => {
    const key = `server:${server.id}`;
    const serverId = `${id}/${key}`;
    const listening = [...server.listening].sort(byLocalThenPeer);
    const processOf = (s: Socket): ProcessInfo | undefined => server.owners?.get(s.id) ?? snapshot.processes.get(s.pid ?? -1);
    const process = (listening[0] && processOf(listening[0]))
      ?? (server.rootPid === undefined ? undefined : snapshot.processes.get(server.rootPid));
    // Port Zero started them as this user: theirs, whatever a list could read of the owner.
    const sockets = listening.map((s) => socketNode(serverId, s, processOf(s) ?? process, ctx, '', 'own'));
    const addresses = listening.map((s) => withLabel(formatEndpoint(s.local), isTcpListener(s) ? ctx.web?.labelOf(s, processOf(s) ?? process) : undefined));
    const http = listening.some((s) => isTcpListener(s));
    const web = listening.some((s) => isTcpListener(s) && isBrowsable(s.local));
    return {
      kind: 'startedServer', id: serverId, key, parentId: id, children: sockets,
      contextValue: server.exited === undefined ? `portZero.startedServer${http ? '.tcp' : ''}${web ? '.web' : ''}.own` : 'portZero.startedServer.exited',
      signature: `${server.name}|${server.rootPid ?? ''}|${addresses.join(',')}|${processKey(process)}|${server.exited ?? ''}`,
      server, process, addresses,
    };
  });
  return { kind: 'startedGroup', id, key: id, parentId: undefined, children, contextValue: 'portZero.startedGroup', signature: '' };
}

/** Connections belong to the server port they touch: the local port when it listens here, else the peer's. */
function portOf(socket: Socket, listeningPorts: ReadonlySet<number>): number {
  if (isListener(socket) || socket.peer === undefined || listeningPorts.has(socket.local.port)) return socket.local.port;
  return socket.peer.port;
}

function portGroups(sockets: readonly Socket[], snapshot: Snapshot, ctx: ViewContext): PortGroupNode[] {
  const listeningPorts = new Set(sockets.filter(isListener).map((s) => s.local.port));
  const byPort = new Map<number, Socket[]>();
  for (const s of sockets) {
    const port = portOf(s, listeningPorts);
    const list = byPort.get(port);
    if (list) list.push(s);
    else byPort.set(port, [s]);
  }
  return [...byPort.entries()].sort((a, b) => a[0] - b[0]).map(([port, list]) => {
    const id = `port:${port}`;
    const children = list.sort(byLocalThenPeer).map((s) => {
      const p = s.pid === undefined ? undefined : snapshot.processes.get(s.pid);
      return socketNode(id, s, p, ctx, p ? ` · ${p.name} ${p.pid}` : '');
    });
    const protocols = [...new Set(list.map((s) => s.protocol))].sort().join(' ');
    const names = [...new Set(children.flatMap((c) => (c.process ? [c.process.name] : [])))].sort();
    const owners = names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ');
    const description = owners ? `${protocols} · ${owners}` : protocols;
    const web = children.find((c) => isTcpListener(c.socket) && c.socket.local.port === port);
    const label = withLabel(String(port), web && ctx.web?.labelOf(web.socket, web.process));
    return {
      kind: 'portGroup', id, key: id, parentId: undefined, children, contextValue: 'portZero.portGroup',
      signature: `${label}|${description}`, port, label, description,
    };
  });
}

export function buildSocketView(snapshot: Snapshot, filter: SocketFilter,
  started: readonly StartedServer[], ctx: ViewContext): SocketView {
  let hiddenListeners = 0;
  const workspaceOnly = filter.workspaceOnly && workspaceFilterApplies(ctx.platform);
  const seen = new Set<string>();
  let shown: Socket[] = [];
  for (const s of snapshot.sockets) {
    if (seen.has(s.id)) continue; // a duplicate id would make VS Code reject the whole tree
    seen.add(s.id);
    const listener = isListener(s);
    if (!listener && !filter.connections) continue;
    const owner = s.pid === undefined ? undefined : snapshot.processes.get(s.pid);
    if (!(s.protocol === 'tcp' ? filter.tcp : filter.udp)
      || (workspaceOnly && !isInsideFolders(owner?.cwd, ctx.workspaceFolders))) {
      if (listener) hiddenListeners++;
      continue;
    }
    shown.push(s);
  }

  const roots: ViewNode[] = [];
  if (started.length > 0) roots.push(startedGroup(started, snapshot, ctx));
  const terminals = ctx.terminals && terminalsGroup(shown, snapshot, started, ctx.terminals, (p, list, parentId) => processNode(p, list, ctx, parentId));
  if (terminals) roots.push(terminals);
  const containers = containerGroup(ctx.containers, shown, snapshot, filter, ctx);
  if (containers.node) roots.push(containers.node);
  if (containers.claimed.size > 0) shown = shown.filter((s) => !containers.claimed.has(s));
  if (filter.groupBy === 'port') {
    roots.push(...portGroups(shown, snapshot, ctx));
  } else {
    const byPid = new Map<number, Socket[]>();
    const unknown: Socket[] = [];
    for (const s of shown) {
      if (s.pid === undefined || !snapshot.processes.has(s.pid)) {
        unknown.push(s);
        continue;
      }
      const list = byPid.get(s.pid);
      if (list) list.push(s);
      else byPid.set(s.pid, [s]);
    }
    const processes = [...byPid.entries()].map(([pid, list]) => processNode(snapshot.processes.get(pid)!, list, ctx));
    const names = new Map(processes.map((p) => [p, p.label.toLowerCase()]));
    processes.sort((a, b) => (names.get(a)! < names.get(b)! ? -1 : names.get(a)! > names.get(b)! ? 1 : a.process.pid - b.process.pid));
    roots.push(...processes);
    if (unknown.length > 0) {
      const id = 'unknown';
      const children = unknown.sort(byLocalThenPeer).map((s) => socketNode(id, s, undefined, ctx, ''));
      roots.push({ kind: 'ownerUnknown', id, key: id, parentId: undefined, children, contextValue: 'portZero.ownerUnknown', signature: '' });
    }
  }

  return new ViewIndex(roots, hiddenListeners);
}
