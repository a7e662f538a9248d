import * as assert from 'node:assert/strict';
import { ContainerSource } from '../../../../src/engine/containers/containerSource';
import { fakeEngine, FakeEngine } from './_fakeEngine';

/** Tests about what is read wait as long as a loaded machine needs; the 200 ms bound has tests of its own. */
const PATIENT = 20_000;
const at = (socketPath: string) => () => ({ paths: ['/nonexistent/docker.sock', socketPath] });

describe('ContainerSource', () => {
  let engine: FakeEngine | undefined;
  let source: ContainerSource | undefined;
  afterEach(async () => {
    source?.dispose();
    await engine?.close();
    engine = source = undefined;
  });

  const cases: [string, string, object[]][] = [
    ['docker-20.10', 'Docker Engine 20.10.24+dfsg1', [{ name: 'pz-web', image: 'port-zero-busybox', project: 'shop', service: 'web', ports: [{ hostIp: '127.0.0.1', hostPort: 32768, containerPort: 8080, protocol: 'tcp' }] }]],
    ['docker-28', 'Docker Engine 28.2.2', [
      { name: 'shop-db-1', image: 'postgres:16', project: 'shop', service: 'db', ports: [{ hostIp: '0.0.0.0', hostPort: 5432, containerPort: 5432, protocol: 'tcp' }, { hostIp: '::', hostPort: 5432, containerPort: 5432, protocol: 'tcp' }] },
      { name: 'shop-cache-1', image: 'redis:7-alpine', project: 'shop', service: 'cache', ports: [{ hostIp: '127.0.0.1', hostPort: 6380, containerPort: 6379, protocol: 'tcp' }, { hostIp: '127.0.0.1', hostPort: 5353, containerPort: 5353, protocol: 'udp' }] },
    ]],
    ['podman-4-rootless', 'Podman Engine 4.9.4', [{ name: 'api', image: 'localhost/api:dev', project: 'shop', service: 'api', ports: [{ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 3000, protocol: 'tcp' }, { hostIp: '127.0.0.1', hostPort: 9229, containerPort: 9229, protocol: 'tcp' }] }]],
    ['docker-desktop-macos', 'Docker Desktop 4.43.1 (198352)', [{ name: 'web-frontend-1', image: 'node:22-alpine', project: 'web', service: 'frontend', ports: [{ hostIp: '0.0.0.0', hostPort: 5173, containerPort: 5173, protocol: 'tcp' }, { hostIp: '::', hostPort: 5173, containerPort: 5173, protocol: 'tcp' }] }]],
    ['docker-desktop-windows', 'Docker Desktop 4.43.1 (198352)', [{ name: 'mssql', image: 'mcr.microsoft.com/mssql/server:2022-latest', ports: [{ hostIp: '0.0.0.0', hostPort: 1433, containerPort: 1433, protocol: 'tcp' }] }]],
  ];
  for (const [name, engineName, expected] of cases) {
    it(`reads ${name}'s answers: the engine, each container's name, image, compose service and published ports`, async () => {
      engine = await fakeEngine(name);
      source = new ContainerSource({ sockets: at(engine.socketPath), timeoutMs: PATIENT });
      const list = await source.list();
      assert.equal(list?.engine.name, engineName);
      assert.equal(list?.engine.socketPath, engine.socketPath);
      assert.deepEqual(list?.containers.map(({ name, image, project, service, ports }) => ({ name, image, ...(project ? { project } : {}), ...(service ? { service } : {}), ports })), expected);
      assert.deepEqual(engine.requests, ['GET /version', 'GET /containers/json']);
    });
  }

  it('asks /version once per engine, and gives the same list again while the answer is unchanged', async () => {
    engine = await fakeEngine('docker-28');
    source = new ContainerSource({ sockets: at(engine.socketPath), timeoutMs: PATIENT });
    const first = await source.list();
    const second = await source.list();
    assert.equal(second, first);
    engine.containers = '[]';
    assert.deepEqual((await source.list())?.containers, []);
    assert.deepEqual(engine.requests, ['GET /version', 'GET /containers/json', 'GET /containers/json', 'GET /containers/json']);
    assert.equal(engine.connections, 1, 'each refresh opened a new connection');
  });

  it('following the engine\'s events, asks nothing while no container event comes, and asks again after one', async () => {
    engine = await fakeEngine('docker-20.10');
    source = new ContainerSource({ sockets: at(engine.socketPath), timeoutMs: PATIENT, followEvents: true });
    const streamed = new Promise<void>((resolve) => (engine!.onRequest = () => engine!.requests.some((r) => r.startsWith('GET /events?')) && resolve()));
    const first = await source.list();
    await streamed;
    assert.equal(await source.list(), first);
    assert.equal(await source.list(), first);
    const lists = () => engine!.requests.filter((r) => r === 'GET /containers/json').length;
    assert.equal(lists(), 1, 'asked while no event came');
    assert.deepEqual(engine.requests.filter((r) => r.startsWith('GET /events')), [`GET /events?filters=${encodeURIComponent('{"type":["container"]}')}`]);
    engine.containers = '[]';
    engine.event({ Type: 'container', Action: 'die', Actor: { ID: first!.containers[0].id } });
    // Nothing tells when the event has crossed the socket: each event-loop turn gives it the chance, as refreshes would.
    let containers = (await source.list())?.containers;
    for (let turn = 0; containers?.length !== 0 && turn < 100; turn++) containers = (await new Promise<void>((r) => setImmediate(r)), await source.list())?.containers;
    assert.deepEqual(containers, []);
    assert.equal(lists(), 2);
  });

  it('costs no request when no engine socket exists', async () => {
    source = new ContainerSource({ sockets: () => ({ paths: ['/nonexistent/a.sock', '/nonexistent/b.sock'] }) });
    assert.equal(await source.list(), undefined);
  });

  it('waits at most 200 ms for an engine that hangs, never asks twice at once, and leaves it alone for 10 s once it counts as hung', async () => {
    engine = await fakeEngine('docker-20.10');
    engine.containers = 'hang';
    let now = 1_000_000;
    const problems: string[] = [];
    let hung: () => void = () => undefined;
    source = new ContainerSource({ sockets: at(engine.socketPath), now: () => now, timeoutMs: 200, hangMs: 1000, retryMs: 10_000, onProblem: (p) => (problems.push(p), hung()) });
    const started = performance.now();
    assert.equal(await source.list(), undefined);
    const waited = performance.now() - started;
    assert.ok(waited >= 190 && waited < 400, `a refresh waited ${waited} ms for a hanging engine`);
    const again = performance.now();
    assert.equal(await source.list(), undefined);
    assert.ok(performance.now() - again < 50, 'a second refresh waited for the question the first one asked');
    assert.equal(engine.requests.filter((r) => r === 'GET /containers/json').length, 1);
    if (problems.length === 0) await new Promise<void>((resolve) => (hung = resolve));
    assert.deepEqual(problems, [`Containers are not shown: ${engine.socketPath}: it has not answered for a while. Asking again in 10 s.`]);
    const asked = engine.requests.length;
    now += 9_999;
    assert.equal(await source.list(), undefined);
    assert.equal(engine.requests.length, asked, 'asked again within the back-off');
    now += 1;
    void source.list();
    await new Promise<void>((resolve) => engine!.onRequest = resolve);
    assert.ok(engine.requests.length > asked, 'not asked again after the back-off');
  });

  it('keeps a late answer for the next refresh: a slow engine is not a missing one', async () => {
    engine = await fakeEngine('docker-20.10');
    const answer = engine.containers;
    engine.containers = 'hang';
    let changed: () => void = () => undefined;
    source = new ContainerSource({ sockets: at(engine.socketPath), timeoutMs: 50, hangMs: 20_000, onLateChange: () => changed() });
    const asked = new Promise<void>((resolve) => (engine!.onRequest = () => engine!.requests.includes('GET /containers/json') && resolve()));
    assert.equal(await source.list(), undefined);
    await asked;
    const told = new Promise<void>((resolve) => (changed = resolve));
    await engine.answerHung(answer as string);
    await told;
    assert.equal(source.latest?.containers[0]?.name, 'pz-web');
    assert.equal(await source.list(), source.latest);
  });

  it('says once that a tcp:// DOCKER_HOST is not read, and reads nothing', async () => {
    const problems: string[] = [];
    source = new ContainerSource({ sockets: () => ({ paths: [], skipped: 'DOCKER_HOST is tcp://10.0.0.5:2375, not a local socket' }), onProblem: (p) => problems.push(p) });
    assert.equal(await source.list(), undefined);
    assert.equal(await source.list(), undefined);
    assert.deepEqual(problems, ['DOCKER_HOST is tcp://10.0.0.5:2375, not a local socket']);
  });

  it('shows nothing while the engine is gone, and its containers again once it is back', async () => {
    engine = await fakeEngine('docker-20.10');
    const socketPath = engine.socketPath;
    let now = 0;
    const problems: string[] = [];
    source = new ContainerSource({ sockets: at(socketPath), now: () => now, onProblem: (p) => problems.push(p), timeoutMs: PATIENT });
    assert.equal((await source.list())?.containers.length, 1);
    await engine.close();
    assert.equal(await source.list(), undefined);
    assert.equal(problems.length, 1);
    now += 10_000;
    assert.equal(await source.list(), undefined, 'no socket: no engine, no problem');
    engine = await fakeEngine('docker-28', socketPath);
    assert.equal((await source.list())?.containers.length, 2);
    assert.equal(problems.length, 1);
  });

  it('stops and restarts through POST /containers/{id}/stop|restart, and reads the engine\'s answer', async () => {
    engine = await fakeEngine('docker-20.10');
    source = new ContainerSource({ sockets: at(engine.socketPath), timeoutMs: PATIENT });
    const [web] = (await source.list())!.containers;
    assert.equal(await source.act(web, 'stop'), 'done');
    engine.postStatus = 304;
    assert.equal(await source.act(web, 'stop'), 'alreadyStopped');
    engine.postStatus = 404;
    assert.equal(await source.act(web, 'restart'), 'gone');
    engine.postStatus = 500;
    await assert.rejects(source.act(web, 'stop'), /HTTP 500/);
    assert.deepEqual(engine.requests.filter((r) => r.startsWith('POST')), [
      `POST /containers/${web.id}/stop`, `POST /containers/${web.id}/stop`, `POST /containers/${web.id}/restart`, `POST /containers/${web.id}/stop`,
    ]);
  });
});
