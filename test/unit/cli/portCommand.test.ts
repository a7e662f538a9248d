import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { cliWorkspace, effectiveSettings, runPort } from '../../../src/cli/portCommand';
import { PortAllocator } from '../../../src/engine/ports/allocator';
import { usableReservationRoot } from '../../../src/engine/ports/reservationDir';
import { ReservationStore } from '../../../src/engine/ports/reservations';
import { currentProcess } from '../../../src/engine/proc/processIdentity';

const run = promisify(execFile);
// Compiled to out/test/unit/cli/: the CLI's compiled entry sits under out/src/cli/.
const cli = path.resolve(__dirname, '../../../src/cli/main.js');

describe('port-zero port', () => {
  let root: string;
  const servers: net.Server[] = [];

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-cli-'));
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    fs.rmSync(root, { recursive: true, force: true });
  });

  function listen(port: number): Promise<net.AddressInfo> {
    const server = net.createServer();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        servers.push(server);
        resolve(server.address() as net.AddressInfo);
      });
    });
  }

  /**
   * The CLI as a shell runs it, in this user's own store (which no variable
   * moves), on behalf of this process. Names are this run's own, since other
   * processes of the user share the store.
   */
  async function cliPort(env: NodeJS.ProcessEnv, ...args: string[]): Promise<number> {
    const { stdout } = await run(process.execPath, [cli, 'port', ...args], { env: { ...env, PORT_ZERO_EDITOR_PID: String(process.pid) } });
    assert.match(stdout, /^\d+\n$/);
    return Number(stdout);
  }
  const unique = (name: string): string => `${name}-${process.pid}-${Date.now()}`;

  it('takes the range and reservation time from the environment VS Code sets, flags first', () => {
    const env = { PORT_ZERO_RANGE: '20000-20999', PORT_ZERO_RESERVATION_SECONDS: '90' };
    assert.deepEqual(effectiveSettings({ command: 'port' }, env), { range: '20000-20999', reservationMs: 90_000 });
    assert.deepEqual(effectiveSettings({ command: 'port', range: '30000-30009', ttlSeconds: 5 }, env), { range: '30000-30009', reservationMs: 5000 });
    assert.deepEqual(effectiveSettings({ command: 'port' }, { PORT_ZERO_RANGE: '' }), { range: undefined, reservationMs: 30_000 });
    assert.throws(() => effectiveSettings({ command: 'port' }, { PORT_ZERO_RANGE: '9-1' }), /PORT_ZERO_RANGE "9-1" is reversed.*Fix or unset PORT_ZERO_RANGE/);
    assert.throws(() => effectiveSettings({ command: 'port' }, { PORT_ZERO_RESERVATION_SECONDS: 'soon' }), /PORT_ZERO_RESERVATION_SECONDS must be a number/);
  });

  it('keeps a port from the command line reserved after the command exited, and hands the same one for the same name', async () => {
    const web = unique('web');
    const first = await cliPort(process.env, '--name', web);
    assert.equal(await cliPort(process.env, '--name', web), first);
    // Owned by this process (the "editor" the CLI was told of), not by the exited CLI.
    const store = new ReservationStore(usableReservationRoot());
    assert.equal(store.read(first)?.reservation.owner.pid, process.pid);
    await assert.rejects(new PortAllocator(store).allocate({ range: { first, last: first } }), /no free port/);
  });

  it('finds the same store with and without XDG_RUNTIME_DIR: a user-wide name gives the same port', async () => {
    const web = unique('web');
    const without = { ...process.env };
    delete without.XDG_RUNTIME_DIR;
    const first = await cliPort(without, '--name', web, '--scope', 'user');
    assert.equal(await cliPort({ ...without, XDG_RUNTIME_DIR: root }, '--name', web, '--scope', 'user'), first);
  });

  it('keeps a name on the port its server still listens on after the terminal that asked for it ended', async () => {
    const web = unique('web');
    const env = { ...process.env };
    delete env.PORT_ZERO_EDITOR_PID;
    // A terminal of its own (setsid): its shell owns the reservation and is gone once the port is printed.
    const ask = async (): Promise<number> =>
      Number((await run('setsid', ['-w', 'sh', '-c', '"$0" "$1" port --name "$2" --scope user', process.execPath, cli, web], { env })).stdout);
    const port = await ask();
    await listen(port);
    assert.equal(await ask(), port);
  });

  it('scopes a name to the VS Code window\'s workspace, else the current directory, or to the user with --scope user', async () => {
    assert.equal(cliWorkspace({ PORT_ZERO_WORKSPACE: '/w/app' }, '/elsewhere'), '/w/app');
    assert.equal(cliWorkspace({ PORT_ZERO_WORKSPACE: '' }, '/elsewhere'), undefined, 'an empty window: names are user-wide');
    assert.equal(cliWorkspace({}, '/elsewhere'), '/elsewhere');
    const store = new ReservationStore(path.join(root, 'port-zero'));
    const port = async (env: NodeJS.ProcessEnv, scope?: 'user'): Promise<number> => {
      const result = await runPort({ command: 'port', name: 'web', scope }, env, currentProcess(), () => new PortAllocator(store));
      assert.equal(result.code, 0, result.stderr);
      return Number(result.stdout);
    };
    const a = await port({ PORT_ZERO_WORKSPACE: path.join(root, 'a') });
    assert.equal(await port({ PORT_ZERO_WORKSPACE: path.join(root, 'a') }), a);
    assert.notEqual(await port({ PORT_ZERO_WORKSPACE: path.join(root, 'b') }), a, 'another workspace\'s "web" is another port');
    // What ${command:freePort} asks for { "name": "web" } in that window, and for { "scope": "user" }.
    const allocator = new PortAllocator(store);
    assert.equal(await allocator.allocate({ name: 'web', workspace: path.join(root, 'a') }), a);
    assert.equal(await port({ PORT_ZERO_WORKSPACE: path.join(root, 'a') }, 'user'), await allocator.allocate({ name: 'web' }));
  });

  it('ends with 1 and says how to widen the range when every port in it is taken', async () => {
    const taken = (await listen(0)).port;
    // The next port is held too: by this test, or by whoever had it already.
    await listen(taken + 1).catch((e: NodeJS.ErrnoException) => assert.equal(e.code, 'EADDRINUSE'));
    const result = await runPort({ command: 'port', range: `${taken}-${taken + 1}` }, {}, currentProcess(),
      () => new PortAllocator(new ReservationStore(path.join(root, 'port-zero'))));
    assert.equal(result.code, 1);
    assert.match(result.stderr ?? '', /found no free port on 127\.0\.0\.1 in .*--range A-B, or PORT_ZERO_RANGE/);
  });
});
