/**
 * The running containers and the ports they publish, asked of the local
 * engine on each refresh of the Ports view, at a bounded cost:
 * - no engine (no socket file), no cost beyond a few `stat`s;
 * - a refresh waits at most `timeoutMs` (200 ms) for the engine's answer. A
 *   later answer is kept for the next refresh (a loaded engine is slow, not
 *   gone), and while it is awaited no refresh waits or asks again;
 * - an engine that has not answered after `hangMs` (10 s), or refuses (a
 *   user outside the `docker` group gets EACCES), or is gone, is left alone
 *   for `retryMs` (10 s): the views show the sockets as if there were no
 *   engine, and the problem is reported once, until it changes;
 * - with `followEvents`, the engine's event stream (`GET /events`, container
 *   events only) says when the list may have changed: until an event comes,
 *   a refresh asks nothing and gives the last list (re-read once a minute
 *   for the status text). An unchanged refresh then costs nothing;
 * - an answer identical to the last one is not parsed again and gives the
 *   same list object.
 * The request itself is socket I/O, which Node does off the event loop.
 */
import * as fs from 'node:fs';
import { Container, ContainerList, EngineInfo, engineName, parseContainers } from './container';
import { EngineApi, EngineError } from './engineApi';
import { engineSockets } from './engineSockets';

export interface ContainerSourceOptions {
  readonly sockets?: () => { paths: string[]; skipped?: string };
  /** How long a refresh waits for the answer. */
  readonly timeoutMs?: number;
  /** How long an answer may take before the engine counts as hung. */
  readonly hangMs?: number;
  readonly retryMs?: number;
  readonly now?: () => number;
  /** Why containers are not shown, once per distinct reason: for the log. */
  readonly onProblem?: (message: string) => void;
  /** Follow the engine's events and ask again only after one (the Ports view); a one-shot reader (the CLI) leaves it off. */
  readonly followEvents?: boolean;
  /** An answer that came after the refresh that asked stopped waiting, and changed the list: worth a redraw. */
  readonly onLateChange?: () => void;
}

/** How long a list read while no event came stays shown: its status text (`Up 5 minutes`) ages. */
const STATUS_MS = 60_000;

export type ContainerActionOutcome = 'done' | 'alreadyStopped' | 'gone';

const hint: Record<string, string> = {
  EACCES: 'no permission (is this user in the docker group?)',
  ECONNREFUSED: 'nothing answers on it (the engine is not running)',
  ENOENT: 'it is gone (the engine stopped)',
  ETIMEDOUT: 'it has not answered for a while',
};

export class ContainerSource {
  private api: EngineApi | undefined;
  private engine: EngineInfo | undefined;
  private retryAt = 0;
  private last: { text: string; list: ContainerList } | undefined;
  /** The question on its way: at most one at a time. */
  private asking: Promise<void> | undefined;
  private problem: string | undefined;
  /** While the event stream is open: what ends it, and whether an event came since the last question. */
  private events: { stop: () => void; dirty: boolean; askedAt: number } | undefined;
  private readonly timeoutMs: number;
  private readonly hangMs: number;
  private readonly retryMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ContainerSourceOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 200;
    this.hangMs = options.hangMs ?? 10_000;
    this.retryMs = options.retryMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The latest answer, late ones included. */
  get latest(): ContainerList | undefined {
    return this.last?.list;
  }

  /** The running containers, or undefined: no engine here, or it is left alone for now. Never throws. */
  async list(): Promise<ContainerList | undefined> {
    if (this.asking) return this.last?.list; // an earlier refresh's question: its answer is for the next one
    if (this.now() < this.retryAt) return undefined;
    if (this.events && !this.events.dirty && this.last && this.now() - this.events.askedAt < STATUS_MS) return this.last.list;
    const before = this.last;
    let late = false;
    const asking = (this.asking = this.ask().finally(() => {
      this.asking = undefined;
      if (late && this.last !== before) this.options.onLateChange?.();
    }));
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(() => {
      late = true;
      resolve();
    }, this.timeoutMs)));
    await Promise.race([asking, waited]);
    clearTimeout(timer);
    return this.last?.list;
  }

  private async ask(): Promise<void> {
    const deadline = this.now() + this.hangMs;
    const left = (): number => Math.max(1, deadline - this.now());
    try {
      const engine = this.engine ?? (await this.connect(left));
      if (engine === undefined) {
        this.last = undefined;
        return;
      }
      if (this.options.followEvents) this.follow();
      // Marked before asking: an event that comes while the answer is on its way makes the next refresh ask again.
      if (this.events) Object.assign(this.events, { dirty: false, askedAt: this.now() });
      const answer = await this.api!.json('/containers/json', left());
      if (answer.text !== this.last?.text) this.last = { text: answer.text, list: { engine, containers: parseContainers(answer.value()) } };
      this.problem = undefined;
    } catch (error) {
      this.retryAt = this.now() + this.retryMs;
      this.last = undefined;
      this.report(error);
      this.forget();
    }
  }

  /** Stops (or restarts) a container through the engine; the engine waits out the container's own stop timeout. */
  async act(container: Pick<Container, 'id'>, action: 'stop' | 'restart', timeoutMs = 60_000): Promise<ContainerActionOutcome> {
    const api = this.api ?? ((await this.connect(() => timeoutMs)) ? this.api : undefined);
    if (api === undefined) throw new EngineError('no container engine answers here', 'ENOENT');
    const answer = await api.post(`/containers/${encodeURIComponent(container.id)}/${action}`, timeoutMs);
    this.last = undefined;
    if (answer.status === 204) return 'done';
    if (answer.status === 304) return 'alreadyStopped';
    if (answer.status === 404) return 'gone';
    throw new EngineError(`the engine refused to ${action} the container (HTTP ${answer.status}): ${answer.body.slice(0, 200)}`, `HTTP${answer.status}`);
  }

  dispose(): void {
    this.forget();
  }

  /** The first socket that exists and answers /version becomes the engine; none existing costs nothing more. */
  private async connect(left: () => number): Promise<EngineInfo | undefined> {
    const { paths, skipped } = (this.options.sockets ?? engineSockets)();
    if (skipped) this.say(skipped);
    let firstError: unknown;
    for (const socketPath of paths) {
      if (!fs.existsSync(socketPath)) continue;
      const api = new EngineApi(socketPath);
      try {
        const version = await api.json('/version', left());
        this.api = api;
        this.engine = { name: engineName(version.value()), socketPath };
        return this.engine;
      } catch (error) {
        api.dispose();
        firstError ??= Object.assign(error as object, { socketPath });
      }
    }
    if (firstError !== undefined) throw firstError;
    return undefined;
  }

  private follow(): void {
    if (this.events || !this.api) return;
    const filter = encodeURIComponent(JSON.stringify({ type: ['container'] }));
    const events: NonNullable<ContainerSource['events']> = { stop: () => undefined, dirty: true, askedAt: 0 };
    this.events = events;
    events.stop = this.api.follow(`/events?filters=${filter}`, () => (events.dirty = true), () => {
      // The stream ended (engine stopped or restarted): every refresh asks until it is open again.
      if (this.events === events) this.events = undefined;
    });
  }

  private forget(): void {
    this.events?.stop();
    this.events = undefined;
    this.api?.dispose();
    this.api = undefined;
    this.engine = undefined;
  }

  private report(error: unknown): void {
    const e = error as EngineError & { socketPath?: string };
    const where = e.socketPath ?? this.engine?.socketPath ?? 'the engine socket';
    const why = (e.code && hint[e.code]) ?? e.message;
    this.say(`Containers are not shown: ${where}: ${why}. Asking again in ${this.retryMs / 1000} s.`);
  }

  private say(problem: string): void {
    if (problem === this.problem) return;
    this.problem = problem;
    this.options.onProblem?.(problem);
  }
}
