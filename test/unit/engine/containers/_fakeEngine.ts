import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

/** test/fixtures/containers/<engine>/<file>.json, as text: what that engine answered. */
export function answerOf(engine: string, file: 'version' | 'containers'): string {
  return fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'containers', engine, `${file}.json`), 'utf8');
}

export interface FakeEngine {
  readonly socketPath: string;
  readonly requests: string[];
  /** Connections accepted: a source that keeps away opens none. */
  connections: number;
  /** What the next `GET /containers/json` answers (text), or `hang` to never answer. */
  containers: string | 'hang';
  /** Status for POSTs. */
  postStatus: number;
  /** Called on each request (after it is recorded). */
  onRequest?: () => void;
  /** Sends an event on every open `/events` stream. */
  event(event: object): void;
  /** Answers the requests left hanging with `body`; resolves once they are answered. */
  answerHung(body: string): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP server on a unix socket, answering as `engine` did (its captured answers). */
export async function fakeEngine(engine: string, at?: string): Promise<FakeEngine> {
  const socketPath = at ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pz-engine-')), 'docker.sock');
  const dir = path.dirname(socketPath);
  fs.mkdirSync(dir, { recursive: true });
  const version = answerOf(engine, 'version');
  const fake: FakeEngine = {
    socketPath, requests: [], connections: 0, containers: answerOf(engine, 'containers'), postStatus: 204,
    event: (event) => {
      for (const res of streams) res.write(`${JSON.stringify(event)}\n`);
    },
    answerHung: async (body) => {
      for (const res of hung.splice(0)) await new Promise<void>((resolve) => res.writeHead(200, { 'content-type': 'application/json' }).end(body, resolve));
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => (fs.rmSync(dir, { recursive: true, force: true }), resolve()));
    }),
  };
  const hung: http.ServerResponse[] = [];
  const streams: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    fake.requests.push(`${req.method} ${req.url}`);
    fake.onRequest?.();
    if (req.method === 'POST') return void res.writeHead(fake.postStatus).end();
    if (req.url?.startsWith('/events?')) {
      streams.push(res);
      return void res.writeHead(200, { 'content-type': 'application/json' }).flushHeaders();
    }
    const body = req.url === '/version' ? version : req.url === '/containers/json' ? fake.containers : undefined;
    if (body === 'hang') return void hung.push(res);
    if (body === undefined) return void res.writeHead(404).end('{"message":"page not found"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  server.on('connection', () => fake.connections++);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return fake;
}
