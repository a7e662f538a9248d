/**
 * The Ports view's polling of the socket table: one job on the PollScheduler,
 * run while the view is visible, its snapshots handed to every subscriber.
 */
import * as vscode from 'vscode';
import type { ContainerList } from '../engine/containers/container';
import type { ContainerSource } from '../engine/containers/containerSource';
import { PollJob, PollScheduler } from '../engine/sockets/pollScheduler';
import type { Snapshot, SocketSource } from '../engine/sockets/socket';

export const REFRESH_INTERVAL_SETTING = 'portZero.refreshIntervalMs';
const DEFAULT_INTERVAL_MS = 2000;
const MIN_INTERVAL_MS = 250;
/** package.json's maximum, which VS Code only warns about: a workspace may still write 1e12. */
const MAX_INTERVAL_MS = 60_000;

/** Something whose visibility decides whether polling is worth it: a TreeView. */
export interface Visibility {
  readonly visible: boolean;
  readonly onDidChangeVisibility: vscode.Event<{ readonly visible: boolean }>;
}

function readInterval(): number {
  const value = vscode.workspace.getConfiguration().get<number>(REFRESH_INTERVAL_SETTING, DEFAULT_INTERVAL_MS);
  return Number.isFinite(value) ? Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, value)) : DEFAULT_INTERVAL_MS;
}

export interface RefresherOptions {
  /**
   * Whether the views need listening sockets only right now (the Ports view
   * hides connections by default): then a scan skips every other row, which
   * on a machine with many connections is most of its cost. The
   * reservations' release needs only listeners anyway. Default: every row.
   */
  readonly listenersOnly?: () => boolean;
  /** Fires when `listenersOnly` may answer differently: a visible view is then scanned again at once. */
  readonly onDidChangeListenersOnly?: vscode.Event<unknown>;
  /** The running containers, read beside each scan (their ports are shown as theirs). */
  readonly containers?: ContainerSource;
}

/**
 * The whole socket table for the views: polled on the shared PollScheduler
 * only while someone needs fresh data (a visible Ports view) and not at all
 * otherwise; each snapshot goes to every subscriber. Scans never overlap: the
 * next poll is due when the last scan ends.
 */
export class Refresher implements vscode.Disposable {
  private readonly snapshots = new vscode.EventEmitter<Snapshot>();
  readonly onDidSnapshot = this.snapshots.event;
  private readonly demands = new Set<object>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private latestSnapshot: Snapshot | undefined;
  private inFlight: Promise<Snapshot> | undefined;
  private queued: Promise<Snapshot> | undefined;
  private polling: { dispose(): void } | undefined;
  private intervalMs = readInterval();
  private disposed = false;
  private readonly job: PollJob = { name: 'Ports view', run: () => this.tick() };

  private readonly listenersOnly: () => boolean;
  /** What the latest scan was asked for, so a change of need is noticed. */
  private latestListenersOnly: boolean | undefined;

  constructor(
    private readonly source: SocketSource,
    private readonly log: vscode.LogOutputChannel,
    private readonly scheduler: PollScheduler = PollScheduler.shared,
    private readonly options: RefresherOptions = {},
  ) {
    this.listenersOnly = options.listenersOnly ?? (() => false);
    this.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(REFRESH_INTERVAL_SETTING)) return;
      this.intervalMs = readInterval();
      if (this.polling !== undefined) this.scheduler.hurry(this.job);
    }));
    if (options.onDidChangeListenersOnly) {
      this.subscriptions.push(options.onDidChangeListenersOnly(() => {
        if (this.polling !== undefined && this.listenersOnly() !== this.latestListenersOnly) this.scheduler.hurry(this.job);
      }));
    }
  }

  /** The running containers as last read (an answer too late for its scan included); undefined without an engine that answers. */
  get containers(): ContainerList | undefined {
    return this.options.containers?.latest;
  }

  /** A container list that came after its scan: the latest snapshot is drawn again with it, without another scan. */
  containersChanged(): void {
    if (this.latestSnapshot && !this.disposed) this.snapshots.fire(this.latestSnapshot);
  }

  get latest(): Snapshot | undefined {
    return this.latestSnapshot;
  }

  /**
   * The latest snapshot, or the scan under way, or a new one: for a first
   * render, which has nothing newer to wait for (refresh() would queue a
   * second scan behind the first, and the view would stay empty for both).
   */
  anySnapshot(): Promise<Snapshot> {
    if (this.latestSnapshot) return Promise.resolve(this.latestSnapshot);
    return this.inFlight ?? this.scan();
  }

  /** Whether the view's poll is scheduled right now (for tests: not while nothing is visible). */
  get hasTimer(): boolean {
    return this.polling !== undefined;
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
    const listenersOnly = this.listenersOnly();
    const scan = Promise.all([this.source.snapshot({ listenersOnly }), this.options.containers?.list()]).then(
      ([snapshot]) => {
        this.inFlight = undefined;
        this.latestSnapshot = snapshot;
        this.latestListenersOnly = listenersOnly;
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
    this.stopPolling();
    this.snapshots.dispose();
    for (const s of this.subscriptions) s.dispose();
  }

  private demand(token: object): void {
    this.demands.add(token);
    if (this.polling === undefined && !this.disposed) this.polling = this.scheduler.add(this.job);
  }

  private release(token: object): void {
    this.demands.delete(token);
    if (this.demands.size === 0) this.stopPolling();
  }

  private async tick(): Promise<number | undefined> {
    try {
      await this.refresh();
    } catch (error) {
      this.log.error('Reading the socket table failed; the next poll will try again.', error);
    }
    if (this.disposed || this.demands.size === 0) return undefined;
    // The need changed while this scan ran (connections shown): the view waits for the other kind now.
    return this.listenersOnly() === this.latestListenersOnly ? this.intervalMs : 0;
  }

  private stopPolling(): void {
    this.polling?.dispose();
    this.polling = undefined;
  }
}
