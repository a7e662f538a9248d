/**
 * The Sockets view's "Terminals" group: one node per terminal of the window
 * that has a listener anywhere below its shell, holding its processes as the
 * top-level process nodes do. Servers Port Zero started are under "Started
 * here" and not repeated.
 */
import { formatEndpoint } from '../sockets/address';
import { isBrowsable } from '../sockets/localAddresses';
import { isListener, isTcpListener, type Snapshot, type Socket } from '../sockets/socket';
import type { ProcessInfo } from '../proc/processInfo';
import type { TerminalShell } from './terminalAttribution';
import type { ProcessNode, StartedServer, TerminalFacts, TerminalNode, TerminalsGroupNode } from './viewNodes';

type MakeProcessNode = (process: ProcessInfo, sockets: Socket[], parentId: string) => ProcessNode;

const GROUP_ID = 'terminals';

function startedPids(started: readonly StartedServer[]): Set<number> {
  const pids = new Set<number>();
  for (const server of started) {
    if (server.rootPid !== undefined) pids.add(server.rootPid);
    for (const socket of server.listening) if (socket.pid !== undefined) pids.add(socket.pid);
  }
  return pids;
}

function terminalNode(terminal: TerminalShell, processes: readonly ProcessNode[]): TerminalNode {
  const key = `terminal:${terminal.key}`;
  const listeners = processes.flatMap((p) => p.children.flatMap((c) => (c.kind === 'socket' && isListener(c.socket) ? [c.socket] : [])));
  const addresses = [...new Set(listeners.map((s) => formatEndpoint(s.local)))];
  const tcp = listeners.some((s) => isTcpListener(s));
  const web = listeners.some((s) => isTcpListener(s) && isBrowsable(s.local));
  const own = processes.some((p) => p.own && p.process.pid !== terminal.shellPid);
  return {
    kind: 'terminal', id: `${GROUP_ID}/${key}`, key, parentId: GROUP_ID, children: processes,
    contextValue: `portZero.terminal${tcp ? '.tcp' : ''}${web ? '.web' : ''}${terminal.open ? '.open' : ''}${own ? '.own' : ''}`,
    signature: `${terminal.name}|${terminal.open}|${addresses.join(',')}|${processes.map((p) => p.signature).join(',')}`,
    terminal, addresses,
  };
}

/** Undefined when no terminal of the window has a listener below it. */
export function terminalsGroup(shown: readonly Socket[], snapshot: Snapshot, started: readonly StartedServer[],
  terminals: TerminalFacts, makeProcessNode: MakeProcessNode): TerminalsGroupNode | undefined {
  const launched = startedPids(started);
  const byPid = new Map<number, Socket[]>();
  for (const s of shown) {
    if (s.pid === undefined || launched.has(s.pid) || !snapshot.processes.has(s.pid)) continue;
    const list = byPid.get(s.pid);
    if (list) list.push(s);
    else byPid.set(s.pid, [s]);
  }
  const attributed = terminals.attribute(snapshot.processes, byPid.keys());
  const byTerminal = new Map<string, { terminal: TerminalShell; pids: number[] }>();
  for (const [pid, terminal] of attributed) {
    const entry = byTerminal.get(terminal.key);
    if (entry) entry.pids.push(pid);
    else byTerminal.set(terminal.key, { terminal, pids: [pid] });
  }
  const children: TerminalNode[] = [];
  for (const { terminal, pids } of byTerminal.values()) {
    if (!pids.some((pid) => byPid.get(pid)!.some(isListener))) continue;
    const parentId = `${GROUP_ID}/terminal:${terminal.key}`;
    const processes = pids
      .map((pid) => makeProcessNode(snapshot.processes.get(pid)!, byPid.get(pid)!, parentId))
      .sort((a, b) => a.label.localeCompare(b.label) || a.process.pid - b.process.pid);
    children.push(terminalNode(terminal, processes));
  }
  if (children.length === 0) return undefined;
  children.sort((a, b) => Number(b.terminal.open) - Number(a.terminal.open) || a.terminal.name.localeCompare(b.terminal.name) || a.key.localeCompare(b.key));
  return { kind: 'terminalsGroup', id: GROUP_ID, key: GROUP_ID, parentId: undefined, children, contextValue: 'portZero.terminalsGroup', signature: '' };
}
