import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { askKernelForPort } from '../../../../src/engine/ports/kernelPort';

function listen(host: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

describe('askKernelForPort', () => {
  it('returns a port in the valid range that can be bound at once', async () => {
    const port = await askKernelForPort('127.0.0.1');
    assert.ok(Number.isInteger(port) && port > 0 && port < 65536, `got ${port}`);
    const server = await listen('127.0.0.1', port);
    await new Promise((r) => server.close(r));
  });

  it('rejects with the bind error for a host this machine does not have', async () => {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a local interface.
    await assert.rejects(askKernelForPort('192.0.2.1'), /EADDRNOTAVAIL/);
  });
});
