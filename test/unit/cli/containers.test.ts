import * as assert from 'node:assert/strict';
import type { ContainerReader } from '../../../src/cli/cliContainers';
import { runLs } from '../../../src/cli/lsCommand';
import { runStop } from '../../../src/cli/stopCommand';
import { parseContainers, type Container, type ContainerList } from '../../../src/engine/containers/container';
import { ipv4Endpoint } from '../../../src/engine/sockets/address';
import type { Snapshot } from '../../../src/engine/sockets/socket';
import { answerOf } from '../engine/containers/_fakeEngine';

const list: ContainerList = { engine: { name: 'Docker Engine 20.10.24+dfsg1', socketPath: '/var/run/docker.sock' }, containers: parseContainers(JSON.parse(answerOf('docker-20.10', 'containers'))) };
const snapshot: Snapshot = {
  takenAt: 0, skippedLines: 0,
  sockets: [{ id: 'p', protocol: 'tcp', family: 4, state: 'LISTEN', local: ipv4Endpoint(0x7f000001, 32768), pid: 22108, uid: 0 }],
  processes: new Map([[22108, { pid: 22108, name: 'docker-proxy', uid: 0, commandLine: '/usr/sbin/docker-proxy -proto tcp -host-ip 127.0.0.1 -host-port 32768' }]]),
};
const source = { snapshot: async () => snapshot, socketsOfTree: async () => snapshot };

function reader(): ContainerReader & { acted: string[] } {
  const acted: string[] = [];
  return { acted, list: async () => list, act: async (c: Pick<Container, 'id'>, a: string) => (acted.push(`${a} ${c.id.slice(0, 12)}`), 'done' as const), dispose: () => undefined };
}

describe('port-zero and containers', () => {
  it('ls names the container in the PROCESS column, not docker-proxy', async () => {
    const result = await runLs({ command: 'ls', all: false, json: false }, source, reader());
    assert.equal(result.stdout, [
      'STATE       LOCAL            PID    PROCESS',
      'LISTEN tcp  127.0.0.1:32768  22108  container pz-web (port-zero-busybox, shop/web)',
      '',
    ].join('\n'));
  });

  it('ls --json adds a container object to the host port\'s row', async () => {
    const [row] = JSON.parse((await runLs({ command: 'ls', all: false, json: true }, source, reader())).stdout ?? '');
    assert.deepEqual(row.container, {
      id: list.containers[0].id, name: 'pz-web', image: 'port-zero-busybox', project: 'shop', service: 'web',
      status: list.containers[0].status, engine: 'Docker Engine 20.10.24+dfsg1', containerPort: 8080,
    });
    assert.equal(row.process.name, 'docker-proxy');
  });

  const deps = (r: ContainerReader, ask?: (q: string) => Promise<boolean>) => ({
    source, guard: async () => () => false, ask, me: { name: 'dev', uid: 1000 }, containers: r,
    terminate: async () => assert.fail('signalled docker-proxy'), forceKill: async () => assert.fail('signalled docker-proxy'),
  });

  it('stop --yes stops the container through the engine, never signalling docker-proxy', async () => {
    const r = reader();
    const result = await runStop({ command: 'stop', query: { port: 32768 }, yes: true }, deps(r));
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'stopped container pz-web (port-zero-busybox, shop/web)\n');
    assert.deepEqual(r.acted, ['stop 3597b8c01c7d']);
  });

  it('stop asks on a terminal naming the container, and without one stops nothing unless --yes', async () => {
    const asked: string[] = [];
    const no = reader();
    assert.equal((await runStop({ command: 'stop', query: { port: 32768 }, yes: false }, deps(no, async (q) => (asked.push(q), false)))).code, 1);
    assert.deepEqual(asked, ['Stop container pz-web (port-zero-busybox, shop/web), which publishes 32768? [y/N] ']);
    const none = reader();
    const result = await runStop({ command: 'stop', query: { port: 32768 }, yes: false }, deps(none));
    assert.match(result.stderr ?? '', /not stopping container pz-web .* without asking; run port-zero stop 32768 --yes/);
    assert.deepEqual([...no.acted, ...none.acted], []);
  });
});
