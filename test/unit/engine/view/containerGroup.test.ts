import * as assert from 'node:assert/strict';
import { parseContainers, type ContainerList } from '../../../../src/engine/containers/container';
import { buildSocketView } from '../../../../src/engine/view/socketView';
import { diffSocketViews } from '../../../../src/engine/view/socketViewDiff';
import { allNodes } from '../../../../src/engine/view/socketViewIndex';
import { defaultSocketFilter, SocketView, ViewContext, ViewNode } from '../../../../src/engine/view/viewNodes';
import { answerOf } from '../containers/_fakeEngine';
import { processOf, snapshotOf, tcp } from './socketView.fixtures';

const engine = { name: 'Docker Engine 20.10.24+dfsg1', socketPath: '/var/run/docker.sock' };
const listOf = (fixture: string): ContainerList => ({ engine, containers: parseContainers(JSON.parse(answerOf(fixture, 'containers'))) });
const ctx = (containers?: ContainerList): ViewContext => ({ workspaceFolders: [], user: { name: 'dev', uid: 1000 }, platform: 'linux', containers });

function only<K extends ViewNode['kind']>(view: SocketView, kind: K): Extract<ViewNode, { kind: K }>[] {
  return [...allNodes(view)].filter((n): n is Extract<ViewNode, { kind: K }> => n.kind === kind);
}

describe('the Containers group', () => {
  const proxy = processOf(22108, 'docker-proxy', { uid: 0, commandLine: '/usr/sbin/docker-proxy -proto tcp -host-ip 127.0.0.1 -host-port 32768 -container-ip 172.17.0.2 -container-port 8080' });
  const node = processOf(42, 'node');
  const snapshot = snapshotOf([tcp('127.0.0.1', 32768, { pid: 22108, uid: 0 }), tcp('127.0.0.1', 5173, { pid: 42 })], [proxy, node]);

  it('shows a container under its name with image, compose service and status, and its port as host → container', () => {
    const view = buildSocketView(snapshot, defaultSocketFilter, [], ctx(listOf('docker-20.10')));
    assert.deepEqual(view.roots.map((r) => r.kind), ['containerGroup', 'process']);
    const [container] = only(view, 'container');
    assert.equal(container.label, 'pz-web');
    assert.equal(container.description, 'port-zero-busybox · shop/web · Up 12 minutes');
    assert.equal(container.contextValue, 'portZero.container.tcp.web');
    const [port] = only(view, 'containerPort');
    assert.equal(port.label, '127.0.0.1:32768 → 8080/tcp');
    assert.equal(port.process?.name, 'docker-proxy', 'the hover names the forwarder');
    assert.equal(port.socket.pid, 22108);
    assert.equal(view.nodeOf(port.id), port);
  });

  it('takes the forwarder\'s listener out of the process rows, leaving everything else as it was', () => {
    const view = buildSocketView(snapshot, defaultSocketFilter, [], ctx(listOf('docker-20.10')));
    assert.deepEqual(only(view, 'process').map((p) => p.process.name), ['node']);
    assert.deepEqual(only(view, 'socket').map((s) => s.socket.local.port), [5173]);
    const without = buildSocketView(snapshot, defaultSocketFilter, [], ctx());
    assert.deepEqual(only(without, 'process').map((p) => p.process.name), ['docker-proxy', 'node']);
    assert.equal(only(without, 'containerGroup').length, 0);
  });

  it('shows a port forwarded with no host process, from the engine\'s answer, with the user\'s portsAttributes label', () => {
    const web = { labelOf: (s: { local: { port: number } }) => (s.local.port === 5432 ? 'Postgres' : undefined), schemeOf: () => undefined };
    const view = buildSocketView(snapshotOf([], []), defaultSocketFilter, [], { ...ctx(listOf('docker-28')), web });
    const ports = only(view, 'containerPort');
    assert.deepEqual(ports.map((p) => p.label), [
      '127.0.0.1:6380 → 6379/tcp', '127.0.0.1:5353 → 5353/udp', '0.0.0.0:5432 → 5432/tcp · Postgres', '[::]:5432 → 5432/tcp · Postgres',
    ]);
    assert.equal(ports[0].process, undefined);
    assert.equal(ports[0].socket.local.port, 6380);
    assert.equal(ports[1].contextValue, 'portZero.containerPort.udp');
  });

  it('redraws nothing when an unchanged container list is read again', () => {
    const a = buildSocketView(snapshot, defaultSocketFilter, [], ctx(listOf('docker-20.10')));
    const b = buildSocketView(snapshot, defaultSocketFilter, [], ctx(listOf('docker-20.10')));
    assert.deepEqual(diffSocketViews(a, b), { root: false, changed: [] });
  });
});
