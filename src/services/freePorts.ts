/**
 * Free ports as the user configured them: the one owner of the allocator
 * and of the settings it reads (`portZero.portRange`,
 * `portZero.reservationSeconds`). `${command:freePort}`, launches and the
 * socket table's refreshes all go through it, so a range, a reservation time
 * or a host is checked in one place and a reservation is released in one way.
 */
import * as vscode from 'vscode';
import { DEFAULT_RESERVATION_MS, isAllocationHost, PortAllocator } from '../engine/ports/allocator';
import type { FreePortRequest } from '../engine/ports/freePortArgs';
import { askKernelForPort } from '../engine/ports/kernelPort';
import { parsePortRange, PortRange } from '../engine/ports/portRange';
import { parseReservationSeconds } from '../engine/ports/reservationTime';
import { ownTcpListeners, Socket } from '../engine/sockets/socket';
import type { UserMessages } from '../messages/userMessages';

const RANGE = 'portRange';
const RESERVATION_SECONDS = 'reservationSeconds';

/** The `portZero.*` settings the free-port allocator reads, checked. */
export interface FreePortSettings {
  readonly range?: PortRange;
  readonly reservationMs: number;
}

/** What a caller asks for; the settings fill in what it leaves out. */
export type { FreePortRequest };

export class FreePorts {
  /** Problems already reported: a bad setting is said once, not on every port. */
  private readonly warned = new Set<string>();

  private made: PortAllocator | undefined;

  /**
   * `allocator` is made on first use, not at activation: its directory may be
   * unusable (see usableReservationRoot), and nothing may throw from activate().
   */
  constructor(private readonly makeAllocator: () => PortAllocator, private readonly messages: UserMessages) {}

  get allocator(): PortAllocator {
    return (this.made ??= this.makeAllocator());
  }

  settings(scope?: vscode.ConfigurationScope): FreePortSettings {
    const config = vscode.workspace.getConfiguration('portZero', scope);
    const { range, error: rangeError } = parsePortRange(config.get<unknown>(RANGE));
    this.warnOnce(rangeError, RANGE, (problem) => vscode.l10n.t('{0} Using the ports the system chooses meanwhile.', problem));
    const { reservationMs, error: timeError } = parseReservationSeconds(config.get<unknown>(RESERVATION_SECONDS));
    this.warnOnce(timeError, RESERVATION_SECONDS, (problem) =>
      vscode.l10n.t('{0} Using the default of {1} seconds meanwhile.', problem, DEFAULT_RESERVATION_MS / 1000));
    return { range, reservationMs };
  }

  /** Whether a settings change can change what `settings()` returns. */
  static affectsSettings(e: vscode.ConfigurationChangeEvent): boolean {
    return [RANGE, RESERVATION_SECONDS].some((setting) => e.affectsConfiguration(`portZero.${setting}`));
  }

  /** A free port reserved for the caller; a range in the request overrides the setting's. */
  allocate(request: FreePortRequest = {}, scope?: vscode.ConfigurationScope): Promise<number> {
    const { range, reservationMs } = this.settings(scope);
    const { scope: nameScope, ...asked } = request;
    const workspace = asked.name !== undefined && nameScope !== 'user' ? windowWorkspace() : undefined;
    return this.allocator.allocate({ range, reservationMs, ...definedOnly(asked), ...(workspace === undefined ? {} : { workspace }) });
  }

  /**
   * A port for a launch that binds `host`. Hosts the allocator can reserve
   * on get a reservation; any other address (an interface's own IP) is asked
   * of the kernel there, since only a bind on that address can say it is free.
   */
  forHost(host: string, scope?: vscode.ConfigurationScope): Promise<number> {
    return isAllocationHost(host) ? this.allocate({ host }, scope) : askKernelForPort(host);
  }

  /** A named port for a launch: same name in this workspace, same port, on a host the allocator knows. */
  named(name: string, host: string, scope?: vscode.ConfigurationScope): Promise<number> {
    return this.allocate({ name, ...(isAllocationHost(host) ? { host } : {}) }, scope);
  }

  /**
   * A port seen listening where it was reserved needs no reservation any
   * more; a named one is kept alive while it listens. Only this user's TCP
   * listeners count: another user's process or a UDP socket on the same port
   * is not the caller the port was reserved for.
   */
  releaseListening(sockets: readonly Socket[], currentUid = process.getuid?.()): void {
    const bound = ownTcpListeners(sockets, currentUid);
    if (bound.length > 0) this.allocator.releaseIfBound(bound, this.settings().reservationMs);
  }

  private warnOnce(problem: string | undefined, setting: string, explain: (problem: string) => string): void {
    if (problem === undefined || this.warned.has(problem)) return;
    this.warned.add(problem);
    this.messages.settingProblem(explain(problem), `portZero.${setting}`);
  }
}

/**
 * The workspace a name asked in this window belongs to. VS Code hands a
 * command its input's `args` and nothing about the tasks.json or launch.json
 * they came from (see freePortCommand.ts), so every name of a window shares one
 * workspace: the folder it opened, or a multi-root workspace's
 * `.code-workspace` file (the first folder while that is untitled, since an
 * untitled workspace's file is not a place anything else can name). An empty
 * window has none: its names are user-wide.
 */
export function windowWorkspace(): string | undefined {
  const file = vscode.workspace.workspaceFile;
  if (file?.scheme === 'file') return file.fsPath;
  const first = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (first === undefined) return undefined;
  return first.scheme === 'file' ? first.fsPath : first.toString();
}

/** Leaves out what a request does not set, so the settings stay in force. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
