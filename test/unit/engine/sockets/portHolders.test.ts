import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { once } from 'node:events';
import { formatPortQuery, parsePortQuery, portHolders } from '../../../../src/engine/sockets/portHolders';
import { ProcfsSource } from '../../../../src/engine/sockets/procfsSource';

describe('portHolders', () => {
  it('reads a port alone or with an IPv4, IPv6 or named address, as users write them', () => {
    const read = (text: string | number): unknown => parsePortQuery(text);
    assert.deepEqual(read('5173'), { port: 5173 });
    assert.deepEqual(read(5173), { port: 5173 });
    assert.deepEqual(read(' :5173 '), { port: 5173 });
    assert.deepEqual(read('*:5173'), { port: 5173 });
    assert.deepEqual(read('127.0.0.1:5173'), { port: 5173, host: '127.0.0.1' });
    assert.deepEqual(read('[::1]:5173'), { port: 5173, host: '::1' });
    assert.deepEqual(read('[0:0:0:0:0:0:0:1]:5173'), { port: 5173, host: '::1' });
    assert.deepEqual(read('LocalHost:80'), { port: 80, host: 'localhost' });
  });

  it('names what is wrong with text that is not a port', () => {
    const cases: [string, string][] = [
      ['', 'empty'], ['  ', 'empty'], ['vite', 'notAPort'], ['51a73', 'notAPort'], ['5173.0', 'notAPort'], ['-1', 'notAPort'],
      ['0', 'portOutOfRange'], ['65536', 'portOutOfRange'], ['127.0.0.1:', 'notAPort'],
      ['127.0.0.300:80', 'notAnAddress'], ['example.com:80', 'notAnAddress'], ['[::1:80', 'ipv6WithoutBrackets'], ['::1:5173', 'ipv6WithoutBrackets'],
    ];
    for (const [text, problem] of cases) assert.equal(parsePortQuery(text), problem, JSON.stringify(text));
  });

  it('prints a query back the way it was meant', () => {
    assert.equal(formatPortQuery({ port: 5173 }), '5173');
    assert.equal(formatPortQuery({ port: 5173, host: '::1' }), '[::1]:5173');
    assert.equal(formatPortQuery({ port: 5173, host: 'localhost' }), 'localhost:5173');
  });

  describe('on this machine\'s socket table', () => {
    const servers: net.Server[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
    });
    const listen = async (host: string, port = 0): Promise<number> => {
      const server = net.createServer();
      servers.push(server);
      server.listen(port, host);
      await once(server, 'listening');
      return (server.address() as net.AddressInfo).port;
    };

    it('finds this process behind a loopback listener by port, by its address and by localhost, and not by another address', async () => {
      const port = await listen('127.0.0.1');
      const snapshot = await new ProcfsSource().snapshot({ listenersOnly: true });
      const pidsFor = (text: string): number[] => {
        const query = parsePortQuery(text);
        assert.equal(typeof query, 'object', text);
        return portHolders(snapshot, query as Exclude<typeof query, string>).holders.map((h) => h.pid);
      };
      assert.deepEqual(pidsFor(String(port)), [process.pid]);
      assert.deepEqual(pidsFor(`127.0.0.1:${port}`), [process.pid]);
      assert.deepEqual(pidsFor(`localhost:${port}`), [process.pid]);
      assert.deepEqual(pidsFor(`[::1]:${port}`), []);
      assert.deepEqual(pidsFor(`127.0.0.2:${port}`), []);
      const [holder] = portHolders(snapshot, { port }).holders;
      assert.equal(holder.process?.pid, process.pid);
      assert.deepEqual(holder.sockets.map((s) => `${s.protocol} ${s.local.address}:${s.local.port}`), [`tcp 127.0.0.1:${port}`]);
    });

    it('answers every address of a wildcard listener, and lists each socket of the port once under its process', async () => {
      const port = await listen('0.0.0.0');
      await listen('::1', port);
      const snapshot = await new ProcfsSource().snapshot({ listenersOnly: true });
      const { holders, unowned } = portHolders(snapshot, { port, host: '127.0.0.2' });
      assert.deepEqual(unowned, []);
      assert.deepEqual(holders.map((h) => [h.pid, h.sockets.map((s) => s.local.address)]), [[process.pid, ['0.0.0.0']]]);
      const all = portHolders(snapshot, { port }).holders;
      assert.deepEqual(all.map((h) => h.sockets.map((s) => s.local.address).sort()), [['0.0.0.0', '::1']]);
    });
  });
});
