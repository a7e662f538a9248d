/**
 * Reservations on disk: who holds which port (and which name), until when,
 * kept with the exclusive-file protocol so every process of the user agrees.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createExclusive,
  FileVersion,
  readVersion,
  removeVersion,
  replaceVersion,
  sweepLeftovers,
  UNFINISHED_WRITE_MS,
} from './exclusiveFile';
import { currentProcess, isAlive, ProcessIdentity } from '../proc/processIdentity';
import { ensurePrivateDir, usableReservationRoot } from './reservationDir';

/** A port promised to one caller: no other Port Zero caller gets it until it ends. */
export interface Reservation {
  port: number;
  owner: ProcessIdentity;
  host: string;
  /** A named port's key: the name, with its workspace's digest unless user-wide (see namedPortKey). */
  name?: string;
  /** Epoch milliseconds. */
  expires: number;
  /** Tells versions apart when the file system reuses an inode number. */
  nonce: string;
}

/** A reservation together with the file version it was read from. */
export interface StoredReservation {
  reservation: Reservation;
  version: FileVersion;
}

/** How often a store scans its whole directory for stale files. */
const SWEEP_INTERVAL_MS = 60_000;
/**
 * How long the sweep keeps a name whose reservation lapsed: its server may
 * still listen, and then the name keeps its port when next asked for (see
 * PortAllocator). Only asking can tell, since only the asker reads the socket table.
 */
const LAPSED_NAME_KEPT_MS = 86_400_000;

function nonce(): string {
  return crypto.randomBytes(6).toString('hex');
}

function parseReservation(text: string): Reservation | undefined {
  try {
    const r = JSON.parse(text) as Reservation;
    const valid = Number.isInteger(r.port) && Number.isInteger(r.owner?.pid) && typeof r.expires === 'number';
    return valid ? r : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reservations shared by every process of one user: one file per port under
 * `<root>/ports`, created exclusively, plus `<root>/names/<name>` → port for
 * named ports. A stale file (expired, owner dead, or a write that never
 * finished) is reclaimed only when it blocks someone, plus a periodic sweep,
 * so reserving never scans a directory that may hold thousands of files.
 */
export class ReservationStore {
  private dir = '';
  private lastSweep = Number.NEGATIVE_INFINITY;

  /**
   * `place`: the directory, or how to find it again when it vanished (see reopen).
   * `owner`: whose life a reservation lasts at most. This process by default;
   * a command-line call names its caller instead (the shell that asked), since
   * it exits as soon as it has printed the port.
   */
  constructor(
    private readonly place: string | (() => string),
    private readonly now: () => number = Date.now,
    readonly owner: () => ProcessIdentity = currentProcess,
  ) {
    this.reopen();
  }

  /** Never throws for a planted or unusable shared directory: see usableReservationRoot. */
  static forCurrentUser(warn?: (message: string) => void, owner?: () => ProcessIdentity): ReservationStore {
    return new ReservationStore(() => usableReservationRoot(warn), Date.now, owner);
  }

  get root(): string {
    return this.dir;
  }

  get portsDir(): string {
    return path.join(this.dir, 'ports');
  }

  get namesDir(): string {
    return path.join(this.dir, 'names');
  }

  /**
   * Creates the directories again, where they belong now: logind removes
   * /run/user/<uid> when the user's last session ends while a Remote-SSH or
   * code-server host keeps running, and every process of the user then looks
   * in the shared fallback (see reservationDir.ts).
   */
  reopen(): void {
    const root = typeof this.place === 'string' ? this.place : this.place();
    for (const dir of [root, path.join(root, 'ports'), path.join(root, 'names')]) ensurePrivateDir(dir);
    this.dir = root;
  }

  private portFile(port: number): string {
    return path.join(this.portsDir, String(port));
  }

  private nameFile(name: string): string {
    return path.join(this.namesDir, Buffer.from(name, 'utf8').toString('base64url'));
  }

  /** Reserves `port` unless a live reservation holds it; a stale one in the way is reclaimed. */
  tryReserve(port: number, host: string, ttlMs: number, name?: string): boolean {
    const reservation: Reservation = { port, owner: this.owner(), host, name, expires: this.now() + ttlMs, nonce: nonce() };
    const text = JSON.stringify(reservation);
    const file = this.portFile(port);
    // Bounded: each round either wins, meets a live holder, or removes a stale one.
    for (let round = 0; round < 4; round++) {
      if (createExclusive(file, text)) return true;
      const version = readVersion(file);
      if (version === undefined) continue;
      if (!this.isStale(version)) return false;
      removeVersion(file, version);
    }
    return false;
  }

  read(port: number): StoredReservation | undefined {
    const version = readVersion(this.portFile(port));
    const reservation = version && parseReservation(version.text);
    return reservation && version && { reservation, version };
  }

  isStale(version: FileVersion): boolean {
    const r = parseReservation(version.text);
    if (r === undefined) return this.now() - version.mtimeMs > UNFINISHED_WRITE_MS;
    return r.expires <= this.now() || !isAlive(r.owner);
  }

  /** Extends a reservation and makes this process its owner; false if it changed meanwhile. A name's mapping records when. */
  refresh(stored: StoredReservation, ttlMs: number): boolean {
    const renewed: Reservation = { ...stored.reservation, owner: this.owner(), expires: this.now() + ttlMs, nonce: nonce() };
    if (!replaceVersion(this.portFile(renewed.port), stored.version, JSON.stringify(renewed))) return false;
    if (renewed.name !== undefined) touch(this.nameFile(renewed.name), this.now());
    return true;
  }

  /** Ends a reservation, whoever owns it; false when there was none. */
  remove(stored: StoredReservation): boolean {
    return removeVersion(this.portFile(stored.reservation.port), stored.version);
  }

  /**
   * The live reservation a name points at, or undefined when the name is free
   * (a stale mapping is removed on the way); 'pending' while another process
   * is between creating the name file and writing it.
   */
  findNamed(name: string): StoredReservation | 'pending' | undefined {
    const file = this.nameFile(name);
    const version = readVersion(file);
    if (version === undefined) return undefined;
    const port = parsePort(version.text);
    if (port === undefined && this.now() - version.mtimeMs <= UNFINISHED_WRITE_MS) return 'pending';
    const stored = port === undefined ? undefined : this.read(port);
    if (stored && stored.reservation.name === name && !this.isStale(stored.version)) return stored;
    removeVersion(file, version);
    return undefined;
  }

  /**
   * The port `name` still points at although its reservation lapsed (expired,
   * its owner ended, or reclaimed and given back), and when the mapping was
   * last renewed; undefined when the name is free or its port is someone else's now.
   */
  lapsedName(name: string): { port: number; renewedAt: number } | undefined {
    const version = readVersion(this.nameFile(name));
    const port = version && parsePort(version.text);
    if (port === undefined) return undefined;
    const stored = this.read(port);
    const lapsed = stored === undefined || (stored.reservation.name === name && this.isStale(stored.version));
    return lapsed ? { port, renewedAt: version!.mtimeMs } : undefined;
  }

  /** Reserves a lapsed name's port for it again; false when another caller got there first. */
  renewName(name: string, port: number, host: string, ttlMs: number): boolean {
    const stored = this.read(port);
    return stored?.reservation.name === name ? this.refresh(stored, ttlMs) : this.tryReserve(port, host, ttlMs, name);
  }

  /** Points `name` at `port`; false when another caller named a port first. */
  bindName(name: string, port: number): boolean {
    return createExclusive(this.nameFile(name), JSON.stringify({ port, nonce: nonce() }));
  }

  /** Runs `sweep()` when the last one is older than a minute. */
  maybeSweep(): void {
    if (this.now() - this.lastSweep >= SWEEP_INTERVAL_MS) this.sweep();
  }

  /** Removes every stale reservation and name, and what crashed writers left. */
  sweep(): void {
    this.lastSweep = this.now();
    const ports = fs.readdirSync(this.portsDir);
    for (const entry of ports) {
      if (!/^\d+$/.test(entry)) continue;
      const file = path.join(this.portsDir, entry);
      const version = readVersion(file);
      if (version && this.isStale(version)) removeVersion(file, version);
    }
    sweepLeftovers(this.portsDir, ports);
    const names = fs.readdirSync(this.namesDir);
    for (const entry of names) {
      if (entry.includes('.')) continue;
      const name = Buffer.from(entry, 'base64url').toString('utf8');
      const lapsed = this.lapsedName(name);
      if (lapsed === undefined || this.now() - lapsed.renewedAt > LAPSED_NAME_KEPT_MS) this.findNamed(name);
    }
    sweepLeftovers(this.namesDir, names);
  }
}

/** A name mapping's port; undefined while it is still being written. */
function parsePort(text: string): number | undefined {
  try {
    const port = (JSON.parse(text) as { port?: unknown }).port;
    return Number.isInteger(port) ? (port as number) : undefined;
  } catch {
    return undefined;
  }
}

/** Marks a file as renewed now; one removed meanwhile needs no mark. */
function touch(file: string, now: number): void {
  try {
    fs.utimesSync(file, new Date(now), new Date(now));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
