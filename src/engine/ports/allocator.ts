/**
 * The free-port allocator: a port is probed with a real bind and promised
 * with a reservation every Port Zero caller of this user honours, so two
 * callers asking at once never get the same port.
 */
import { HeldPort, holdPort, isAddressInUse, isAddressUnavailable } from './kernelPort';
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
  private ipv6Loopback: boolean | undefined;
  private crowdedUntil = 0;

  constructor(readonly store: ReservationStore) {}

  /** `owner`: see ReservationStore; this process unless given. */
  static forCurrentUser(warn?: (message: string) => void, owner?: () => ProcessIdentity): PortAllocator {
    return new PortAllocator(ReservationStore.forCurrentUser(warn, owner));
  }

  async allocate(request: AllocateRequest = {}): Promise<number> {
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
      if (this.store.bindName(key, port)) return port;
      // Another caller named a port first: give ours back and take theirs.
      this.release(port);
    }
    throw new NoFreePortError(`Port Zero could not settle a port for the name "${name}": other callers kept changing it.`);
  }

  private reserveFresh(host: AllocationHost, ttl: number, range?: PortRange, name?: string): Promise<number> {
    return range ? this.reserveFromSetting(host, ttl, range, name) : this.reserveFromKernel(host, ttl, name);
  }

  /**
   * Holds each port the kernel offers while reserving it, and keeps holding
   * refused ones until done so the kernel cannot offer the same one twice.
   */
  private async reserveFromKernel(host: AllocationHost, ttl: number, name?: string): Promise<number> {
    const refused: HeldPort[] = [];
    const offers = Date.now() < this.crowdedUntil ? 1 : KERNEL_OFFERS;
    try {
      for (let attempt = 0; attempt < offers; attempt++) {
        const held = await holdPort(host === 'localhost' ? '127.0.0.1' : host, 0);
        if (this.store.tryReserve(held.port, host, ttl, name)) {
          if (host !== 'localhost' || (await this.freeOnOtherLoopback(held.port))) {
            await held.close();
            return held.port;
          }
          this.release(held.port);
        }
        refused.push(held);
      }
    } finally {
      await Promise.all(refused.map((h) => h.close()));
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
      if (await this.bindable(host, port)) return port;
      this.release(port);
    }
    return undefined;
  }

  private async bindable(host: AllocationHost, port: number): Promise<boolean> {
    let held: HeldPort;
    try {
      held = await holdPort(host === 'localhost' ? '127.0.0.1' : host, port);
    } catch (e) {
      if (isAddressInUse(e)) return false;
      throw e;
    }
    try {
      return host !== 'localhost' || (await this.freeOnOtherLoopback(port));
    } finally {
      await held.close();
    }
  }

  /** For `localhost`: also free on ::1, unless this machine has no IPv6 loopback at all. */
  private async freeOnOtherLoopback(port: number): Promise<boolean> {
    if (this.ipv6Loopback === false) return true;
    try {
      await (await holdPort('::1', port)).close();
      this.ipv6Loopback = true;
      return true;
    } catch (e) {
      if (isAddressUnavailable(e)) {
        this.ipv6Loopback = false;
        return true;
      }
      if (isAddressInUse(e)) return false;
      throw e;
    }
  }
}
