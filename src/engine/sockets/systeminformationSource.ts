/**
 * The socket table on every platform, through systeminformation's
 * `networkConnections()` and `processes()`. Each call spawns tools and parses
 * their text, so on Linux the procfs source is preferred.
 *
 * What each platform fills (systeminformation 5.33; the commands it runs are
 * in its lib/network.js and lib/processes.js, and the unit tests feed it
 * output captured from each: test/fixtures/darwin, test/fixtures/win32):
 *
 * | field              | Linux (netstat -tunap, else ss) | macOS (netstat -natvln + ps) | Windows (netstat -nao + PowerShell) |
 * |--------------------|---------------------------------|------------------------------|-------------------------------------|
 * | protocol, family   | yes                             | yes (tcp46 → IPv6 dual-stack)| yes (family from address)           |
 * | local, peer        | yes (netstat cuts long IPv6)    | yes                          | yes                                 |
 * | state              | TCP; UDP only when connected    | TCP; UDP BOUND/CONNECTED     | TCP; UDP BOUND/CONNECTED            |
 * | pid                | own user's sockets (all as root)| yes                          | yes                                 |
 * | name, ppid, command| yes                             | yes                          | yes                                 |
 * | start time         | ps elapsed time (to the second) | ps elapsed time              | Win32_Process CreationDate          |
 * | owner              | uid of /proc/<pid>              | ps user name                 | tasklist /V user name, or N/A       |
 * | cwd                | /proc/<pid>/cwd                 | lsof -a -d cwd -Fn, batched  | no                                  |
 * | inode              | no                              | no                           | no                                  |
 *
 * Owners and working directories come from ListedProcessFacts, once per
 * process. Socket ids are the protocol/family/endpoint tuple: no inode is known.
 */
import type { Systeminformation } from 'systeminformation';
import { parseEndpoint } from './address';
import { descendantsOf } from '../proc/processTree';
import { parseListedStart } from '../proc/processIdentity';
import { socketId } from './procNetParser';
import { Endpoint, Family, Protocol, Snapshot, Socket, SocketSource, SocketState } from './socket';
import type { CommandRunner } from '../proc/commandRunner';
import { ListedProcessFacts } from '../proc/listedProcessFacts';
import { withAncestors, type ProcessInfo } from '../proc/processInfo';
import type { ProcReader } from '../proc/procReader';

export type SiModule = Pick<typeof import('systeminformation'), 'networkConnections' | 'processes'>;

export interface SysteminformationSourceOptions {
  /** Injected in tests; loaded lazily otherwise, so activating on Linux never pays for it. */
  readonly si?: SiModule;
  /** `processes()` spawns `ps` and reads every process: skip it when only pids are needed. */
  readonly withProcesses?: boolean;
  /** The platform whose tools fill owners and working directories (tests pretend to be another). */
  readonly platform?: NodeJS.Platform;
  /** Runs lsof (macOS) and tasklist (Windows). */
  readonly run?: CommandRunner;
  /** Reads /proc/<pid> on Linux. */
  readonly reader?: ProcReader;
  readonly procRoot?: string;
}

const STATE_ALIASES: Readonly<Record<string, SocketState>> = {
  ESTAB: 'ESTABLISHED', LISTENING: 'LISTEN', FIN_WAIT_1: 'FIN_WAIT1', FIN_WAIT_2: 'FIN_WAIT2',
  SYN_RECEIVED: 'SYN_RECV', 'TIME-WAIT': 'TIME_WAIT', 'CLOSE-WAIT': 'CLOSE_WAIT',
  'SYN-SENT': 'SYN_SENT', 'SYN-RECV': 'SYN_RECV', 'FIN-WAIT-1': 'FIN_WAIT1', 'FIN-WAIT-2': 'FIN_WAIT2',
  'LAST-ACK': 'LAST_ACK',
};
const TCP_STATES = new Set<string>([
  'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE',
  'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV',
]);

function portOf(text: string | number): number {
  const port = Number(text);
  return Number.isInteger(port) && port >= 0 && port < 65536 ? port : 0;
}

/** `noPeer`: the peer column is the wildcard with port 0, as only a listener's is. */
function stateOf(protocol: Protocol, raw: string, peer: Endpoint | undefined, noPeer: boolean): SocketState {
  const upper = raw.trim().toUpperCase();
  const state = STATE_ALIASES[upper] ?? upper;
  if (protocol === 'udp') return state === 'ESTABLISHED' || peer ? 'CONNECTED' : 'BOUND';
  if (TCP_STATES.has(state)) return state as SocketState;
  // A localised Windows words its states (ESCUCHANDO); systeminformation maps only German
  // ones. The peer column is not localised, and it says which rows listen.
  return noPeer ? 'LISTEN' : 'UNKNOWN';
}

function endpointOf(address: string, port: string | number, family: Family): Endpoint | undefined {
  const endpoint = parseEndpoint(address, portOf(port), family);
  // netstat prints a v4-mapped address on a tcp6/udp6 socket without its ::ffff: prefix.
  return endpoint && family === 6 && !endpoint.address.includes(':') ? { ...endpoint, dualStack: true } : endpoint;
}

/** One systeminformation row in the shared model; undefined when its address is not one. */
export function fromSiConnection(c: Systeminformation.NetworkConnectionsData, platform: NodeJS.Platform = process.platform): Socket | undefined {
  const proto = c.protocol.toLowerCase();
  const protocol: Protocol = proto.startsWith('udp') ? 'udp' : 'tcp';
  const family: Family = proto.endsWith('6') || c.localAddress.includes(':') ? 6 : 4;
  const parsed = endpointOf(c.localAddress, c.localPort, family);
  // macOS names the socket's stacks (tcp46 takes both, tcp6 is IPV6_V6ONLY); elsewhere an
  // IPv6 wildcard is taken to accept IPv4 too, as Linux's default has it.
  const local = parsed && platform === 'darwin' && family === 6 && parsed.wildcard ? { ...parsed, dualStack: proto.endsWith('46') } : parsed;
  const peerRaw = endpointOf(c.peerAddress, c.peerPort, family);
  if (!local) return undefined;
  const noPeer = peerRaw !== undefined && peerRaw.wildcard && peerRaw.port === 0;
  const peer = noPeer ? undefined : peerRaw;
  const pidNumber = Number(c.pid);
  const pid = Number.isInteger(pidNumber) && pidNumber > 0 ? pidNumber : undefined;
  const state = stateOf(protocol, c.state ?? '', peer, noPeer);
  return { id: socketId(protocol, family, 0, local, peer), protocol, family, state, local, peer, pid };
}

/**
 * systeminformation splits a POSIX command line into `path`, `command` and
 * `params` by guessing where argv[0] ends (`node test/ui/x.mjs` becomes path
 * `node test/ui`, command `x.mjs`); joined back, it is the line ps printed.
 * On Windows `command` already is the whole CommandLine and `path` the executable.
 */
export function fromSiProcess(p: Systeminformation.ProcessesProcessData, platform: NodeJS.Platform = process.platform): ProcessInfo {
  const started = parseListedStart(p.started ?? '');
  const user = p.user?.trim();
  const program = platform !== 'win32' && p.path ? `${p.path}/${p.command}` : p.command;
  return {
    pid: p.pid,
    ppid: p.parentPid,
    name: p.name,
    commandLine: [program, p.params].filter((s) => s !== undefined && s !== '').join(' ') || undefined,
    ...(started !== undefined ? { startTime: started, startClock: 'processList' as const } : {}),
    ...(user ? { user } : {}),
  };
}

export class SysteminformationSource implements SocketSource {
  private readonly facts: ListedProcessFacts;
  private readonly platform: NodeJS.Platform;

  constructor(private readonly options: SysteminformationSourceOptions = {}) {
    this.facts = new ListedProcessFacts(options);
    this.platform = options.platform ?? process.platform;
  }

  async snapshot(): Promise<Snapshot> {
    const si = await this.si();
    const takenAt = Date.now();
    const [connections, list] = await Promise.all([
      si.networkConnections(),
      this.options.withProcesses === false ? Promise.resolve(undefined) : si.processes().then((p) => p.list),
    ]);
    const sockets: Socket[] = [];
    let skippedLines = 0;
    for (const c of connections) {
      const socket = fromSiConnection(c, this.platform);
      if (socket) sockets.push(socket);
      else skippedLines++;
    }
    const owners = new Set(sockets.map((s) => s.pid));
    const listed = (list ?? []).filter((p) => owners.has(p.pid)).map((p) => fromSiProcess(p, this.platform));
    const complete = list ? await this.facts.complete(listed) : [];
    if (list) this.facts.retain(new Set(list.map((p) => p.pid)));
    const processes = new Map(complete.map((p) => [p.pid, p] as const));
    const byPid = new Map((list ?? []).map((p) => [p.pid, p] as const));
    withAncestors(processes, (pid) => {
      const p = byPid.get(pid);
      return p && this.facts.stable(fromSiProcess(p, this.platform));
    });
    return { takenAt, sockets, processes, skippedLines };
  }

  async socketsOfTree(rootPids: readonly number[]): Promise<Snapshot> {
    const si = await this.si();
    const [whole, list] = await Promise.all([
      new SysteminformationSource({ ...this.options, si, withProcesses: false }).snapshot(),
      si.processes().then((p) => p.list),
    ]);
    const table = new Map(list.map((p) => [p.pid, { ppid: p.parentPid }] as const));
    const tree = new Set([...rootPids, ...descendantsOf(rootPids, table)]);
    const processes = new Map<number, ProcessInfo>();
    // A waiting launch polls this fast: no owner or cwd reads here, only the start time kept steady.
    for (const p of list) if (tree.has(p.pid)) processes.set(p.pid, this.facts.stable(fromSiProcess(p, this.platform)));
    const sockets = whole.sockets.filter((s) => s.pid !== undefined && tree.has(s.pid));
    return { ...whole, sockets, processes };
  }

  private async si(): Promise<SiModule> {
    return this.options.si ?? (await import('systeminformation'));
  }
}
