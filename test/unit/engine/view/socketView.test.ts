import * as assert from 'node:assert/strict';
import { allNodes } from '../../../../src/engine/view/socketViewIndex';
import { buildSocketView, isInsideFolders, shortCommandLine } from '../../../../src/engine/view/socketView';
import { defaultSocketFilter, SocketFilter, SocketView, ViewContext, ViewNode } from '../../../../src/engine/view/viewNodes';
import { processOf, snapshotOf, tcp, udp } from './socketView.fixtures';

const ctx: ViewContext = { workspaceFolders: ['/home/dev/app'], user: { name: 'dev', uid: 1000 }, platform: 'linux' };
const withConnections: SocketFilter = { ...defaultSocketFilter, connections: true };

function labels(nodes: readonly ViewNode[]): string[] {
  return nodes.map((n) => ('label' in n ? n.label : n.kind));
}

function only<K extends ViewNode['kind']>(view: SocketView, kind: K): Extract<ViewNode, { kind: K }>[] {
  return [...allNodes(view)].filter((n): n is Extract<ViewNode, { kind: K }> => n.kind === kind);
}

describe('buildSocketView', () => {
  const node = processOf(42, 'node', { commandLine: '/usr/local/bin/node /home/dev/app/node_modules/.bin/vite --port 5173' });
  const postgres = processOf(7, 'postgres', { uid: 999, cwd: '/var/lib/postgresql' });
  const snapshot = snapshotOf([
    tcp('127.0.0.1', 5173, { pid: 42 }),
    tcp('127.0.0.1', 5173, { pid: 42, peer: ['127.0.0.1', 53422] }),
    tcp('127.0.0.1', 53422, { pid: 42, peer: ['127.0.0.1', 5173] }),
    tcp('::1', 5432, { pid: 7, uid: 999 }),
    udp('0.0.0.0', 5353, { pid: 7, uid: 999 }),
    tcp('0.0.0.0', 22, { uid: 0 }),
  ], [node, postgres]);

  it('lists processes by name, then the sockets whose owner is unknown', () => {
    const view = buildSocketView(snapshot, defaultSocketFilter, [], ctx);
    assert.deepEqual(labels(view.roots), ['node', 'postgres', 'ownerUnknown']);
  });

  it('describes a process by pid and a short command line', () => {
    const view = buildSocketView(snapshot, defaultSocketFilter, [], ctx);
    const p = only(view, 'process').find((n) => n.process.pid === 42)!;
    assert.equal(p.description, '42 · node /home/dev/app/node_modules/.bin/vite --port 5173');
  });

  it('labels a listener by its address and describes it by state and protocol', () => {
    const view = buildSocketView(snapshot, defaultSocketFilter, [], ctx);
    const [listener] = view.roots[0].children;
    assert.equal(listener.kind === 'socket' && listener.label, '127.0.0.1:5173');
    assert.equal(listener.kind === 'socket' && listener.description, 'LISTEN tcp');
    assert.equal(listener.contextValue, 'portZero.listener.tcp.web.own');
  });

  it('offers Open in Browser (the .web trait) only on addresses of this machine, not on one bound with IP_FREEBIND', () => {
    const foreign = { ...snapshot.sockets[0], id: 'tcp:999', inode: 999, local: { ...snapshot.sockets[0].local, address: '203.0.113.7', loopback: false } };
    const view = buildSocketView({ ...snapshot, sockets: [...snapshot.sockets, foreign] }, defaultSocketFilter, [], ctx);
    const rows = only(view, 'process').find((n) => n.process.pid === 42)!.children;
    const byLabel = new Map(rows.map((r) => [r.kind === 'socket' ? r.label : '', r.contextValue]));
    assert.equal(byLabel.get('203.0.113.7:5173'), 'portZero.listener.tcp.own');
    assert.equal(byLabel.get('127.0.0.1:5173'), 'portZero.listener.tcp.web.own');
  });

  it('shows listeners only by default and connections, after them, when asked', () => {
    const listeningOnly = buildSocketView(snapshot, defaultSocketFilter, [], ctx);
    assert.deepEqual(labels(listeningOnly.roots[0].children), ['127.0.0.1:5173']);
    const all = buildSocketView(snapshot, withConnections, [], ctx);
    assert.deepEqual(labels(all.roots[0].children), [
      '127.0.0.1:5173', '127.0.0.1:5173 → 127.0.0.1:53422', '127.0.0.1:53422 → 127.0.0.1:5173',
    ]);
    const connection = all.roots[0].children[1];
    assert.equal(connection.kind === 'socket' && connection.description, 'ESTABLISHED');
    assert.equal(connection.contextValue, 'portZero.connection.tcp.own');
  });

  it("marks another user's process and its sockets as not the user's own", () => {
    const view = buildSocketView(snapshot, defaultSocketFilter, [], ctx);
    const pg = only(view, 'process').find((n) => n.process.pid === 7)!;
    assert.equal(pg.contextValue, 'portZero.process');
    assert.deepEqual(pg.children.map((c) => c.contextValue), ['portZero.listener.udp', 'portZero.listener.tcp.web']);
  });

  it('shows IPv6 addresses in brackets and unconnected UDP as BOUND udp', () => {
    const view = buildSocketView(snapshot, defaultSocketFilter, [], ctx);
    const pg = only(view, 'process').find((n) => n.process.pid === 7)!;
    assert.deepEqual(labels(pg.children), ['0.0.0.0:5353', '[::1]:5432']);
    assert.equal(pg.children[0].kind === 'socket' && pg.children[0].description, 'BOUND udp');
  });

  it('filters by protocol and counts the listeners it hid', () => {
    const tcpOnly = buildSocketView(snapshot, { ...defaultSocketFilter, udp: false }, [], ctx);
    assert.equal(tcpOnly.hiddenListeners, 1);
    assert.ok(![...allNodes(tcpOnly)].some((n) => n.kind === 'socket' && n.socket.protocol === 'udp'));
    const udpOnly = buildSocketView(snapshot, { ...defaultSocketFilter, tcp: false }, [], ctx);
    assert.deepEqual(labels(udpOnly.roots), ['postgres']);
    assert.equal(udpOnly.hiddenListeners, 3);
  });

  it('keeps only processes working inside the workspace folders when asked', () => {
    const view = buildSocketView(snapshot, { ...defaultSocketFilter, workspaceOnly: true }, [], ctx);
    assert.deepEqual(labels(view.roots), ['node']);
  });

  it('groups by port, putting connections under the server port they touch', () => {
    const view = buildSocketView(snapshot, { ...withConnections, groupBy: 'port' }, [], ctx);
    assert.deepEqual(labels(view.roots), ['22', '5173', '5353', '5432']);
    const group5173 = view.roots[1];
    assert.equal(group5173.kind === 'portGroup' && group5173.description, 'tcp · node');
    assert.equal(group5173.children.length, 3);
    const first = group5173.children[0];
    assert.equal(first.kind === 'socket' && first.description, 'LISTEN tcp · node 42');
  });

  it('puts "Started here" first, with the server addresses, and ids distinct from the process copies', () => {
    const listening = [snapshot.sockets[0]];
    const view = buildSocketView(snapshot, defaultSocketFilter, [{ id: 'web', name: 'dev', rootPid: 42, listening }], ctx);
    assert.equal(view.roots[0].kind, 'startedGroup');
    const server = view.roots[0].children[0];
    assert.equal(server.kind === 'startedServer' && server.addresses.join(), '127.0.0.1:5173');
    assert.equal(server.contextValue, 'portZero.startedServer.tcp.web.own');
    assert.notEqual(server.children[0].id, view.roots[1].children[0].id);
    const ids = [...allNodes(view)].map((n) => n.id);
    assert.equal(ids.length, new Set(ids).size);
  });

  it('resolves every id to its node, and every parent id to the node holding it, so reveal works', () => {
    const view = buildSocketView(snapshot, withConnections, [{ id: 'web', name: 'dev', rootPid: 42, listening: [snapshot.sockets[0]] }], ctx);
    for (const n of allNodes(view)) {
      assert.equal(view.nodeOf(n.id), n, n.id);
      if (n.parentId === undefined) assert.ok(view.roots.includes(n), n.id);
      else assert.ok(view.nodeOf(n.parentId)!.children.includes(n), n.id);
    }
    assert.equal(view.nodeOf('process:42:420/socket:nope'), undefined);
  });

  it('resolves a socket whose own id contains a slash', () => {
    const slashed = snapshotOf([tcp('127.0.0.1', 1, { pid: 42, id: 'tcp/1' })], [node]);
    const view = buildSocketView(slashed, defaultSocketFilter, [], ctx);
    const [socket] = view.roots[0].children;
    assert.equal(view.nodeOf(socket.id), socket);
  });

  it('drops a second socket with an id already seen', () => {
    const twice = snapshotOf([tcp('127.0.0.1', 1, { pid: 42, id: 'x' }), tcp('127.0.0.1', 2, { pid: 42, id: 'x' })], [node]);
    assert.equal(buildSocketView(twice, defaultSocketFilter, [], ctx).roots[0].children.length, 1);
  });
});

describe('isInsideFolders', () => {
  it('matches the folder itself and its subfolders, not siblings sharing a prefix', () => {
    assert.equal(isInsideFolders('/home/dev/app', ['/home/dev/app/']), true);
    assert.equal(isInsideFolders('/home/dev/app/web', ['/home/dev/app']), true);
    assert.equal(isInsideFolders('/home/dev/app2', ['/home/dev/app']), false);
    assert.equal(isInsideFolders(undefined, ['/home/dev/app']), false);
  });
});

describe('shortCommandLine', () => {
  it('keeps the program basename and cuts long lines with an ellipsis', () => {
    assert.equal(shortCommandLine('/usr/bin/python3 -m http.server'), 'python3 -m http.server');
    const cut = shortCommandLine(`node ${'x'.repeat(100)}`, 20);
    assert.equal(cut.length, 20);
    assert.ok(cut.endsWith('…'));
  });
});
