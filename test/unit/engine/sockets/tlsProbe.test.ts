import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as path from 'node:path';
import { listenerKey, probeTls, TlsProbes } from '../../../../src/engine/sockets/tlsProbe';
import { WebAddresses } from '../../../../src/engine/sockets/webAddresses';
import { parsePortsAttributes } from '../../../../src/engine/sockets/portsAttributes';
import { processOf, tcp } from '../view/socketView.fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { selfSigned } = require(path.resolve(__dirname, '../../../../../test/fixtures/servers/_selfSigned.js')) as {
  selfSigned(): { key: Buffer; cert: Buffer };
};

describe('TLS probe', function () {
  const servers: net.Server[] = [];
  let credentials: { key: Buffer; cert: Buffer };

  before(() => {
    credentials = selfSigned();
  });

  const accepted: net.Socket[] = [];

  afterEach(async () => {
    for (const socket of accepted.splice(0)) socket.destroy();
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  /** Listens on loopback and counts the connections it accepts. */
  async function serve(server: net.Server, host = '127.0.0.1'): Promise<{ port: number; connections: () => number }> {
    let connections = 0;
    server.on('connection', (socket: net.Socket) => (connections++, accepted.push(socket)));
    servers.push(server);
    server.listen(0, host);
    await once(server, 'listening');
    return { port: (server.address() as net.AddressInfo).port, connections: () => connections };
  }

  it('says yes to an https server with a self-signed certificate', async () => {
    const { port } = await serve(https.createServer(credentials, (_, res) => res.end('ok')));
    assert.equal(await probeTls('127.0.0.1', port), true);
  });

  it('says yes to an https server on IPv6 loopback', async () => {
    const { port } = await serve(https.createServer(credentials), '::1');
    assert.equal(await probeTls('::1', port), true);
  });

  it('says no to a plain http server', async () => {
    const { port } = await serve(http.createServer((_, res) => res.end('ok')));
    assert.equal(await probeTls('127.0.0.1', port), false);
  });

  it('says no to a server that accepts and never answers, at its timeout', async () => {
    const { port } = await serve(net.createServer(() => undefined));
    assert.equal(await probeTls('127.0.0.1', port, 50), false);
  });

  it('says yes to a TLS server that refuses the handshake with an alert', async () => {
    // No cipher in common: the server parses our hello as TLS and answers with a handshake_failure alert.
    const { port } = await serve(https.createServer({ ...credentials, maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-NULL-SHA' }));
    assert.equal(await probeTls('127.0.0.1', port), true);
  });

  it('asks each listener once, queues the rest, and reports TLS once', async () => {
    const { port, connections } = await serve(https.createServer(credentials));
    const found: string[] = [];
    const probes = new TlsProbes((key) => found.push(key));
    const socket = tcp('127.0.0.1', port, { pid: 42 });
    const process = processOf(42, 'node');
    assert.equal(probes.known(socket, process), undefined);
    const answers = await Promise.all([probes.probe(socket, process), probes.probe(socket, process)]);
    assert.deepEqual(answers, [true, true]);
    assert.equal(await probes.probe(socket, process), true);
    assert.equal(probes.known(socket, process), true);
    assert.equal(connections(), 1);
    assert.deepEqual(found, [listenerKey(socket, process)]);
  });

  it('asks again when the pid is reused by a new process', async () => {
    const { port, connections } = await serve(https.createServer(credentials));
    const probes = new TlsProbes();
    const socket = tcp('127.0.0.1', port, { pid: 42 });
    await probes.probe(socket, processOf(42, 'node', { startTime: 1 }));
    await probes.probe(socket, processOf(42, 'node', { startTime: 2 }));
    assert.equal(connections(), 2);
  });

  it('never asks a listener on an address that is not this machine', async () => {
    let asked = 0;
    const probes = new TlsProbes(undefined, async () => (asked++, true));
    const remote = tcp('203.0.113.7', 443, { pid: 42 });
    assert.equal(await probes.probe(remote, undefined), false);
    assert.equal(probes.known(remote, undefined), false);
    assert.equal(asked, 0);
  });

  it('asks a wildcard bind through loopback of its family', async () => {
    const asked: string[] = [];
    const probes = new TlsProbes(undefined, async (host, port) => (asked.push(`${host} ${port}`), false));
    await probes.probe(tcp('0.0.0.0', 3000), undefined);
    await probes.probe(tcp('::', 3001), undefined);
    assert.deepEqual(asked, ['127.0.0.1 3000', '::1 3001']);
  });

  it('runs at most four probes at once', async () => {
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const probes = new TlsProbes(undefined, () => {
      most = Math.max(most, ++running);
      return new Promise((resolve) => releases.push(() => (running--, resolve(false))));
    });
    let settled = false;
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => probes.probe(tcp('127.0.0.1', 4000 + i), undefined)))
      .then(() => (settled = true));
    while (!settled) {
      await new Promise(setImmediate);
      releases.splice(0).forEach((release) => release());
    }
    await all;
    assert.equal(most, 4);
  });
});

describe('WebAddresses', () => {
  const me = { name: 'dev', uid: 1000 };
  const mine = processOf(7, 'node');

  function counting(answer: boolean): { web: WebAddresses; asked: () => number } {
    let asked = 0;
    return { web: new WebAddresses(new TlsProbes(undefined, async () => (asked++, answer)), undefined, me), asked: () => asked };
  }

  it('probes one of the user\'s listeners only when its URL is asked for, then knows https', async () => {
    const { web, asked } = counting(true);
    const socket = tcp('127.0.0.1', 8443, { pid: 7 });
    assert.equal(web.schemeOf(socket, mine), undefined);
    assert.equal(asked(), 0, 'asking for the scheme, as drawing a row does, probes nothing');
    assert.equal(await web.urlOf(socket, mine), 'https://127.0.0.1:8443/');
    assert.equal(web.schemeOf(socket, mine), 'https');
    assert.equal(asked(), 1);
  });

  it('never probes a listener of another user or of an unknown owner, not even for its URL', async () => {
    const { web, asked } = counting(true);
    const socket = tcp('127.0.0.1', 8443, { pid: 8 });
    assert.equal(await web.urlOf(socket, processOf(8, 'postgres', { uid: 1001 })), 'http://127.0.0.1:8443/');
    assert.equal(await web.urlOf(socket, undefined), 'http://127.0.0.1:8443/');
    assert.equal(await web.urlOf(socket, processOf(8, 'sshd', { uid: undefined, user: 'root' })), 'http://127.0.0.1:8443/');
    assert.equal(asked(), 0);
  });

  it('probes nothing while probing is off, and keeps an answer it already had', async () => {
    const { web, asked } = counting(true);
    const known = tcp('127.0.0.1', 8443, { pid: 7 });
    assert.equal(await web.urlOf(known, mine), 'https://127.0.0.1:8443/');
    web.setProbing(false);
    assert.equal(await web.urlOf(tcp('127.0.0.1', 9443, { pid: 7 }), mine), 'http://127.0.0.1:9443/');
    assert.equal(await web.urlOf(known, mine), 'https://127.0.0.1:8443/');
    assert.equal(asked(), 1);
  });

  it('uses the protocol portsAttributes forces, without probing', async () => {
    const tls = counting(true);
    tls.web.setRules(parsePortsAttributes({ 3000: { protocol: 'http' } }));
    assert.equal(await tls.web.urlOf(tcp('127.0.0.1', 3000), mine), 'http://127.0.0.1:3000/');
    const plain = counting(false);
    plain.web.setRules(parsePortsAttributes({ 'my-server': { protocol: 'https', label: 'Mine' } }));
    const socket = tcp('0.0.0.0', 3000, { pid: 9 });
    const process = processOf(9, 'node', { commandLine: 'node my-server.js' });
    assert.equal(await plain.web.urlOf(socket, process), 'https://localhost:3000/');
    assert.equal(plain.web.schemeOf(socket, process), 'https');
    assert.equal(plain.web.labelOf(socket, process), 'Mine');
    assert.equal(tls.asked() + plain.asked(), 0);
  });

  it('has no URL for a UDP socket', async () => {
    const { web, asked } = counting(true);
    assert.equal(await web.urlOf({ ...tcp('127.0.0.1', 53), protocol: 'udp', state: 'BOUND' }, mine), undefined);
    assert.equal(asked(), 0);
  });
});
