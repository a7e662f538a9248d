/**
 * The free-port allocator: a port is probed with a real bind and promised
 * with a reservation every Port Zero caller of this user honours, so two
 * callers asking at once never get the same port.
 */
import { askKernelForPort, bindable, freeOnOtherLoopback, HeldPort, holdPort } from './kernelPort';
import { namedPortKey } from './nameScope';
import { ephemeralPortRange, PortRange, randomOrder, rangeSize } from './portRange';
import { ReservationStore } from './reservations';
import type { ProcessIdentity } from '../proc/processIdentity';

/** Where the caller will listen; `localhost` means free on both 127.0.0.1 and ::1. */
export type AllocationHost = '127.0.0.1' | '::1' | '0.0.0.0' | '::' | 'localhost';
export const ALLOCATION_HOSTS: readonly AllocationHost[] = ['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost'];

export function isAllocationHost(host: unknown): host is AllocationHost {
  return ALLOCATION_HOSTS.includes(host as AllocationHost);
}

export interface AllocateRequest {
  host?: AllocationHost;
  /** Same name, same port, while its reservation lives, across processes. */
  name?: string;
  /**
   * The folder (or `.code-workspace` file) the name belongs to: the same name
   * from another workspace is another port. Absent: one port for the whole user.
   */
  workspace?: string;
  /** Pick from this range in random order instead of the kernel's ephemeral range. */
  range?: PortRange;
  reservationMs?: number;
}

export const DEFAULT_RESERVATION_MS = 30_000;
/**
 * Kernel offers tried before picking from its range ourselves. Linux answers
 * bind(0) on an SO_REUSEADDR socket (Node's default) from the odd ports of the
 * lower half of ip_local_port_range only, about 7,000 ports, and re-offers
 * reserved ones freely, since a reservation is not a bound socket.
 */
const KERNEL_OFFERS = 8;
/** After the kernel's pool ran dry, ask it only once per allocation for this long. */
const CROWDED_MS = 5_000;
/** Range ports tried before giving up. */
const MAX_CANDIDATES = 2048;
/** Rounds of the named-port race (lost name, lost reservation) before giving up. */
const MAX_NAME_ROUNDS = 16;

export class NoFreePortError extends Error {}

/** Where a listener is bound, as the socket table says. */
export interface BoundAddress {
  readonly port: number;
  readonly address: string;
  /** 0.0.0.0 or ::: every address of its family, so every host of the reservation. */
  readonly wildcard: boolean;
}

/** Whether a listener at `bound` is the one a reservation for `host` was made for. */
export function hostCovers(host: string, bound: BoundAddress): boolean {
  if (bound.wildcard) return true;
  if (host === 'localhost') return bound.address === '127.0.0.1' || bound.address === '::1';
  return bound.address === host;
}

/**
 * Hands out ports that are free now and reserved for the caller machine-wide:
 * no other caller in any process of this user gets the same port while the
 * reservation lives, even though the kernel would happily offer it again.
 */
export class PortAllocator {
  private crowdedUntil = 0;
  /** Set while ports go out unreserved, so the warning is said once, not on every port. */
  private unreserved = false;

  /**
   * `warn`: told once when the store cannot be written and ports go out unreserved.
   * `listening`: where this user's TCP listeners are bound, read from the socket
   * table when a name's reservation lapsed: while its port is listened on, the
   * name keeps it (the reservation is renewed on the Sockets view's polls only
   * while the view is open, and by nobody in a terminal).
   */
  constructor(
    readonly store: ReservationStore,
    private readonly warn: (message: string) => void = () => undefined,
    private readonly listening: () => Promise<readonly BoundAddress[]> = async () => [],
  ) {}

  /** `owner`: see ReservationStore; this process unless given. */
  static forCurrentUser(warn?: (message: string) => void, owner?: () => ProcessIdentity, listening?: () => Promise<readonly BoundAddress[]>): PortAllocator {
    return new PortAllocator(ReservationStore.forCurrentUser(warn, owner), warn, listening);
  }

  /**
   * A port reserved for the caller. A store whose directory vanished is
   * created again (see ReservationStore.reopen); one that cannot be written
   * (full, read-only, not ours to write: `/dev/shm` is shared, so any local
   * user can fill it) still gets the caller a port that is free now, without
   * the promise, rather than no port at all.
   */
  async allocate(request: AllocateRequest = {}): Promise<number> {
    try {
      const port = await this.reserveOrReopen(request);
      this.unreserved = false;
      return port;
    } catch (e) {
      if (!isStoreUnwritable(e)) throw e;
      if (!this.unreserved) {
        this.unreserved = true;
        this.warn(`Port Zero cannot write its reservations in ${this.store.root} (${(e as Error).message}): ports are handed out unreserved, so two callers may get the same one, until it can.`);
      }
      return this.unreservedPort(request.host ?? '127.0.0.1', request.range);
    }
  }

  private async reserveOrReopen(request: AllocateRequest): Promise<number> {
    try {
      return await this.reserve(request);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || !isStoreUnwritable(e)) throw e;
      this.store.reopen();
      return await this.reserve(request);
    }
  }

  private async reserve(request: AllocateRequest): Promise<number> {
    const host = request.host ?? '127.0.0.1';
    const ttl = request.reservationMs ?? DEFAULT_RESERVATION_MS;
    this.store.maybeSweep();
    if (request.name === undefined) return this.reserveFresh(host, ttl, request.range);
    return this.reserveNamed(request.name, namedPortKey(request.name, request.workspace), host, ttl, request.range);
  }

  /** Ends a reservation this store's owner holds; false when it is not ours or already gone. */
  release(port: number): boolean {
    const stored = this.store.read(port);
    if (stored === undefined || stored.reservation.owner.pid !== this.store.owner().pid) return false;
    return this.store.remove(stored);
  }

  /**
   * Called with the TCP listeners of this user seen in the socket table: a
   * port bound where it was reserved no longer needs its reservation, so
   * unnamed ones are released early; named ones are renewed instead, so the
   * name keeps pointing at the running server. A listener on another address
   * of the same port (or any UDP socket, another user's process: the caller
   * leaves those out) is someone else and releases nothing.
   */
  releaseIfBound(listening: Iterable<BoundAddress>, reservationMs = DEFAULT_RESERVATION_MS): { released: number[]; kept: number[] } {
    const released: number[] = [];
    const kept: number[] = [];
    const byPort = new Map<number, BoundAddress[]>();
    for (const bound of listening) byPort.set(bound.port, [...(byPort.get(bound.port) ?? []), bound]);
    for (const [port, bound] of byPort) {
      const stored = this.store.read(port);
      if (stored === undefined || this.store.isStale(stored.version)) continue;
      if (!bound.some((b) => hostCovers(stored.reservation.host, b))) continue;
      if (stored.reservation.name !== undefined) {
        if (this.store.refresh(stored, reservationMs)) kept.push(port);
      } else if (this.store.remove(stored)) {
        released.push(port);
      }
    }
    return { released, kept };
  }

  private async reserveNamed(name: string, key: string, host: AllocationHost, ttl: number, range?: PortRange): Promise<number> {
    for (let round = 0; round < MAX_NAME_ROUNDS; round++) {
      const lapsed = this.store.lapsedName(key);
      if (lapsed && (await this.listening()).some((b) => b.port === lapsed.port && hostCovers(host, b))) {
        if (this.store.renewName(key, lapsed.port, host, ttl)) return lapsed.port;
        continue;
      }
      const found = this.store.findNamed(key);
      if (found === 'pending') {
        await new Promise((r) => setImmediate(r));
        continue;
      }
      if (found !== undefined) {
        const port = found.reservation.port;
        if (this.store.refresh(found, ttl)) return port;
        // Losing the renewal to a concurrent caller still leaves the name on this port.
        const now = this.store.findNamed(key);
        if (now !== undefined && now !== 'pending' && now.reservation.port === port) return port;
        continue;
      }
      const port = await this.reserveFresh(host, ttl, range, key);
      // When another caller named a port first, ours goes back and theirs is taken next round.
      if (await this.keepIf(port, () => this.store.bindName(key, port))) return port;
    }
    throw new NoFreePortError(`Port Zero could not settle a port for the name "${name}": other callers kept changing it.`);
  }

  private reserveFresh(host: AllocationHost, ttl: number, range?: PortRange, name?: string): Promise<number> {
    return range ? this.reserveFromSetting(host, ttl, range, name) : this.reserveFromKernel(host, ttl, name);
  }

  /**
   * Holds each port the kernel offers while reserving it, and keeps holding
   * refused ones until done so the kernel cannot offer the same one twice.
   * Every port held is closed on the way out, whatever was thrown.
   */
  private async reserveFromKernel(host: AllocationHost, ttl: number, name?: string): Promise<number> {
    const held: HeldPort[] = [];
    const offers = Date.now() < this.crowdedUntil ? 1 : KERNEL_OFFERS;
    try {
      for (let attempt = 0; attempt < offers; attempt++) {
        const { port } = held[held.push(await holdPort(host === 'localhost' ? '127.0.0.1' : host, 0)) - 1];
        if (!this.store.tryReserve(port, host, ttl, name)) continue;
        if (await this.keepIf(port, () => host !== 'localhost' || freeOnOtherLoopback(port))) return port;
      }
    } finally {
      await Promise.all(held.map((h) => h.close()));
    }
    this.crowdedUntil = Date.now() + CROWDED_MS;
    const ephemeral = ephemeralPortRange();
    const port = await this.reserveFromRange(host, ttl, ephemeral, name);
    if (port !== undefined) return port;
    throw new NoFreePortError(
      `Port Zero found no free port on ${host}: the ports the system offered and ${MAX_CANDIDATES} more from its range ${ephemeral.first}-${ephemeral.last} were all reserved or taken.`,
    );
  }

  private async reserveFromSetting(host: AllocationHost, ttl: number, range: PortRange, name?: string): Promise<number> {
    const port = await this.reserveFromRange(host, ttl, range, name);
    if (port !== undefined) return port;
    const checked = Math.min(MAX_CANDIDATES, rangeSize(range));
    throw new NoFreePortError(
      `Port Zero found no free port on ${host} in ${range.first}-${range.last} (checked ${checked} of ${rangeSize(range)}): widen portZero.portRange or clear it.`,
    );
  }

  /** Reserves first, then probes: a probe never touches a port someone else was handed. */
  private async reserveFromRange(host: AllocationHost, ttl: number, range: PortRange, name?: string): Promise<number | undefined> {
    let tried = 0;
    for (const port of randomOrder(range)) {
      if (++tried > MAX_CANDIDATES) break;
      if (!this.store.tryReserve(port, host, ttl, name)) continue;
      if (await this.keepIf(port, () => bindable(host, port))) return port;
    }
    return undefined;
  }

  /**
   * Keeps the reservation of `port` just made when `check` says so; gives it
   * back when it says no or throws, so no reservation outlives a failed allocation.
   */
  private async keepIf(port: number, check: () => boolean | Promise<boolean>): Promise<boolean> {
    let keep = false;
    try {
      keep = await check();
      return keep;
    } finally {
      if (!keep) this.release(port);
    }
  }

  /**
   * A port free now and promised to nobody, for when the store cannot be
   * written: the kernel's choice, or one from the range when one is set.
   */
  private async unreservedPort(host: AllocationHost, range?: PortRange): Promise<number> {
    if (range === undefined && host !== 'localhost') return askKernelForPort(host);
    const from = range ?? ephemeralPortRange();
    let tried = 0;
    for (const port of randomOrder(from)) {
      if (++tried > MAX_CANDIDATES) break;
      if (await bindable(host, port)) return port;
    }
    throw new NoFreePortError(`Port Zero found no free port on ${host} in ${from.first}-${from.last}.`);
  }
}

/** Errors of the store's files that say it cannot be written now: a place, not a bug. */
const UNWRITABLE = new Set(['ENOENT', 'ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM']);

/** A file call's error; a bind's (EACCES on a low port) comes from `listen` and is no fault of the store. */
function isStoreUnwritable(e: unknown): boolean {
  const { code, syscall } = e as NodeJS.ErrnoException;
  return syscall !== undefined && syscall !== 'listen' && code !== undefined && UNWRITABLE.has(code);
}
