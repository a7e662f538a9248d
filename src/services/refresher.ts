import * as vscode from 'vscode';
import type { Snapshot, SocketSource } from '../engine/sockets/socket';

export const REFRESH_INTERVAL_SETTING = 'portZero.refreshIntervalMs';
const DEFAULT_INTERVAL_MS = 2000;
const MIN_INTERVAL_MS = 250;

/** Something whose visibility decides whether polling is worth it: a TreeView. */
export interface Visibility {
  readonly visible: boolean;
  readonly onDidChangeVisibility: vscode.Event<{ readonly visible: boolean }>;
}

function readInterval(): number {
  const value = vscode.workspace.getConfiguration().get<number>(REFRESH_INTERVAL_SETTING, DEFAULT_INTERVAL_MS);
  return Number.isFinite(value) ? Math.max(MIN_INTERVAL_MS, value) : DEFAULT_INTERVAL_MS;
}

/**
 * The one owner of the socket-table timer. It polls only while someone needs
 * fresh data (a visible Ports view, a waiting launch) and holds no timer at
 * all otherwise; each snapshot goes to every subscriber. Scans never overlap:
 * the next poll is scheduled when the last scan ends.
 */
export class Refresher implements vscode.Disposable {
  private readonly snapshots = new vscode.EventEmitter<Snapshot>();
  readonly onDidSnapshot = this.snapshots.event;
  private readonly demands = new Set<object>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private latestSnapshot: Snapshot | undefined;
  private inFlight: Promise<Snapshot> | undefined;
  private queued: Promise<Snapshot> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private intervalMs = readInterval();
  private disposed = false;

  constructor(private readonly source: SocketSource, private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(REFRESH_INTERVAL_SETTING)) return;
      this.intervalMs = readInterval();
      if (this.timer !== undefined) {
        this.clearTimer();
        this.schedule();
      }
    }));
  }

  get latest(): Snapshot | undefined {
    return this.latestSnapshot;
  }

  /** Whether a poll timer exists right now (for tests: none while nothing is visible). */
  get hasTimer(): boolean {
    return this.timer !== undefined;
  }

  get interval(): number {
    return this.intervalMs;
  }

  /** Polls while the view is visible, starting with a scan the moment it shows. */
  followVisibility(view: Visibility): vscode.Disposable {
    const token = {};
    const apply = (visible: boolean): void => (visible ? this.demand(token) : this.release(token));
    apply(view.visible);
    const subscription = view.onDidChangeVisibility((e) => apply(e.visible));
    return new vscode.Disposable(() => {
      subscription.dispose();
      this.release(token);
    });
  }

  /** Keeps polling, visible view or not, until disposed: for a launch waiting on its port. */
  keepPolling(): vscode.Disposable {
    const token = {};
    this.demand(token);
    return new vscode.Disposable(() => this.release(token));
  }

  /**
   * A scan that starts no earlier than this call, so what a caller just did
   * (opened a socket, stopped a process) is in it. While a scan runs, callers
   * share one follow-up scan; subscribers get every snapshot.
   */
  refresh(): Promise<Snapshot> {
    if (this.inFlight === undefined) return this.scan();
    this.queued ??= this.inFlight.then(() => undefined, () => undefined).then(() => {
      this.queued = undefined;
      return this.scan();
    });
    return this.queued;
  }

  private scan(): Promise<Snapshot> {
    const scan = this.source.snapshot().then(
      (snapshot) => {
        this.inFlight = undefined;
        this.latestSnapshot = snapshot;
        if (!this.disposed) this.snapshots.fire(snapshot);
        return snapshot;
      },
      (error: unknown) => {
        this.inFlight = undefined;
        throw error;
      },
    );
    this.inFlight = scan;
    return scan;
  }

  dispose(): void {
    this.disposed = true;
    this.demands.clear();
    this.clearTimer();
    this.snapshots.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private demand(token: object): void {
    const wasPolling = this.demands.size > 0;
    this.demands.add(token);
    if (!wasPolling && !this.disposed) void this.tick();
  }

  private release(token: object): void {
    this.demands.delete(token);
    if (this.demands.size === 0) this.clearTimer();
  }

  private async tick(): Promise<void> {
    this.clearTimer();
    try {
      await this.refresh();
    } catch (error) {
      this.log.error('Reading the socket table failed; the next poll will try again.', error);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.disposed || this.demands.size === 0 || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, this.intervalMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
