/**
 * The few Engine API calls Port Zero makes, over the engine's local socket
 * with Node's own `http` (`socketPath` opens a unix socket and a Windows named
 * pipe alike): no client library, so no dependency, nothing to bundle, and
 * the same code path on every platform. Reads are `GET /version` and
 * `GET /containers/json`; the only writes are a stop or restart the user
 * confirmed (`POST /containers/{id}/stop|restart`).
 */
import * as http from 'node:http';

export interface EngineAnswer {
  readonly status: number;
  readonly body: string;
}

/** A failure with the errno-style code callers decide on (`ENOENT`, `EACCES`, `ECONNREFUSED`, `ETIMEDOUT`). */
export class EngineError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

export class EngineApi {
  /** One connection kept open between refreshes: the engine answers a second request without a new connect. */
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(readonly socketPath: string) {}

  get(path: string, timeoutMs: number): Promise<EngineAnswer> {
    return this.send('GET', path, timeoutMs);
  }

  post(path: string, timeoutMs: number): Promise<EngineAnswer> {
    return this.send('POST', path, timeoutMs);
  }

  /** GET, with anything but 200 as an error. */
  async json(path: string, timeoutMs: number): Promise<{ text: string; value: () => unknown }> {
    const answer = await this.get(path, timeoutMs);
    if (answer.status !== 200) throw new EngineError(`the engine answered ${path} with HTTP ${answer.status}: ${answer.body.slice(0, 200)}`, `HTTP${answer.status}`);
    return { text: answer.body, value: () => JSON.parse(answer.body) as unknown };
  }

  /**
   * A streamed GET (`/events`) on a connection of its own, which never keeps
   * the process alive; `onData` for each chunk, `onEnd` once when it ends for
   * any reason. Returns what ends it.
   */
  follow(path: string, onData: () => void, onEnd: () => void): () => void {
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      onEnd();
    };
    const request = http.request({ socketPath: this.socketPath, path, agent: false, headers: { host: 'docker' } }, (response) => {
      if (response.statusCode !== 200) return void request.destroy();
      response.on('data', onData);
      response.on('end', end);
      response.on('error', end);
    });
    request.on('socket', (socket) => socket.unref());
    request.on('error', end);
    request.on('close', end);
    request.end();
    return () => request.destroy();
  }

  dispose(): void {
    this.agent.destroy();
  }

  private send(method: string, path: string, timeoutMs: number): Promise<EngineAnswer> {
    return new Promise((resolve, reject) => {
      const request = http.request({ socketPath: this.socketPath, path, method, agent: this.agent, headers: { host: 'docker' } }, (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') });
        });
        response.on('error', fail);
      });
      // The whole exchange, not only an idle socket: an engine that accepts and never answers costs timeoutMs at most.
      const timer = setTimeout(() => request.destroy(new EngineError(`${this.socketPath} did not answer ${method} ${path} within ${timeoutMs} ms`, 'ETIMEDOUT')), timeoutMs);
      function fail(error: NodeJS.ErrnoException): void {
        clearTimeout(timer);
        reject(error instanceof EngineError ? error : new EngineError(error.message, error.code));
      }
      request.on('error', fail);
      request.end();
    });
  }
}
