/**
 * Every server Port Zero started in this window, so the views can list them
 * and deactivate can stop them all (a dev server outliving its editor
 * keeps its port taken).
 */
import { EventEmitter } from 'node:events';
import type { ProcessIdentity } from '../proc/processIdentity';
import { LaunchDependencies, LaunchedServer, LaunchOptions } from './launchedServer';

export interface LaunchedServersEvents {
  /** A server was added or removed, or one changed state or identity: views re-read `all()`, the journal is written. */
  changed: [];
}

export class LaunchedServers extends EventEmitter<LaunchedServersEvents> {
  private readonly servers = new Set<LaunchedServer>();
  private readonly forward = (): void => {
    this.emit('changed');
  };

  constructor(private readonly dependencies: LaunchDependencies) {
    super();
  }

  /** A new server, registered but not started: attach listeners, then call `start()`. */
  create(options: LaunchOptions): LaunchedServer {
    return this.add(new LaunchedServer(options, this.dependencies));
  }

  /** A launch a previous extension host lost, taken back (see LaunchedServer.adopt). */
  adopt(options: LaunchOptions, root: ProcessIdentity, mark: string, port?: number): LaunchedServer {
    return this.add(LaunchedServer.adopt(options, this.dependencies, root, mark, port));
  }

  private add(server: LaunchedServer): LaunchedServer {
    this.servers.add(server);
    server.on('state', this.forward);
    server.on('identified', this.forward);
    this.emit('changed');
    return server;
  }

  all(): readonly LaunchedServer[] {
    return [...this.servers];
  }

  /** Forgets a server, stopping it first. */
  async remove(server: LaunchedServer): Promise<void> {
    if (!this.servers.has(server)) return;
    await server.stop();
    server.off('state', this.forward);
    server.off('identified', this.forward);
    this.servers.delete(server);
    this.emit('changed');
  }

  /** Stops every server; one that cannot be stopped does not keep the others running. */
  async stopAll(): Promise<void> {
    const results = await Promise.allSettled(this.all().map((server) => server.stop()));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) {
      throw new AggregateError(failures.map((f) => f.reason), `${failures.length} launched server(s) could not be stopped`);
    }
  }
}
