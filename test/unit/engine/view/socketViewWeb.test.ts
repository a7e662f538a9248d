import * as assert from 'node:assert/strict';
import { parsePortsAttributes } from '../../../../src/engine/sockets/portsAttributes';
import { TlsProbes } from '../../../../src/engine/sockets/tlsProbe';
import { WebAddresses } from '../../../../src/engine/sockets/webAddresses';
import { allNodes } from '../../../../src/engine/view/socketViewIndex';
import { buildSocketView } from '../../../../src/engine/view/socketView';
import { defaultSocketFilter, SocketNode, ViewContext } from '../../../../src/engine/view/viewNodes';
import { processOf, snapshotOf, tcp, udp } from './socketView.fixtures';

describe('Ports tree with labels and https', () => {
  const vite = processOf(42, 'node', { commandLine: 'node node_modules/.bin/vite --port 5173' });
  const snapshot = snapshotOf([tcp('127.0.0.1', 5173, { pid: 42 }), tcp('127.0.0.1', 8443, { pid: 42 }), udp('127.0.0.1', 5173, { pid: 42 })], [vite]);
  let asked: number[];
  let web: WebAddresses;
  let ctx: ViewContext;

  beforeEach(() => {
    asked = [];
    web = new WebAddresses(new TlsProbes(undefined, async (_, port) => (asked.push(port), port === 8443)), undefined, { name: 'dev', uid: 1000 });
    web.setRules(parsePortsAttributes({ 5173: { label: 'Vite' } }));
    ctx = { workspaceFolders: [], user: { name: 'dev', uid: 1000 }, platform: 'linux', web };
  });

  const rows = (groupBy: 'process' | 'port' = 'process'): SocketNode[] =>
    [...allNodes(buildSocketView(snapshot, { ...defaultSocketFilter, groupBy }, [], ctx))].filter((n): n is SocketNode => n.kind === 'socket');

  it('labels a TCP listener with the user\'s label, and not a UDP socket on the same port', () => {
    assert.deepEqual(rows().map((r) => r.label).sort(), ['127.0.0.1:5173', '127.0.0.1:5173 · Vite', '127.0.0.1:8443']);
    assert.equal(rows().find((r) => r.socket.protocol === 'udp')!.label, '127.0.0.1:5173');
  });

  it('draws every row without probing, and shows https once a URL was asked for', async () => {
    const built = [...rows(), ...rows('port')];
    const tls = built.find((r) => r.socket.local.port === 8443)!;
    assert.equal(tls.description, 'LISTEN tcp');
    for (const row of built) void [row.label, row.description];
    assert.deepEqual(asked, [], 'drawing rows probes nothing');
    assert.equal(await web.urlOf(tls.socket, tls.process), 'https://127.0.0.1:8443/');
    assert.equal(tls.description, 'LISTEN tcp · https');
    assert.deepEqual(asked, [8443]);
  });

  it('labels a port group `5173 · Vite`', () => {
    const view = buildSocketView(snapshot, { ...defaultSocketFilter, groupBy: 'port' }, [], ctx);
    assert.deepEqual(view.roots.map((n) => ('label' in n ? n.label : n.kind)), ['5173 · Vite', '8443']);
  });

  it("labels a started server's address", () => {
    const started = [{ id: 's', name: 'dev', rootPid: 42, listening: [snapshot.sockets[0]] }];
    const view = buildSocketView(snapshot, defaultSocketFilter, started, ctx);
    const server = [...allNodes(view)].find((n) => n.kind === 'startedServer');
    assert.deepEqual(server?.kind === 'startedServer' && server.addresses, ['127.0.0.1:5173 · Vite']);
  });
});
