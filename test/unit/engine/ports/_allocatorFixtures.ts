/** Temp reservation directories and real listening sockets for the allocator tests, all cleaned up. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { memoryTmpDir } from '../../../../src/engine/ports/reservationDir';

export class Fixtures {
  private readonly dirs: string[] = [];
  private readonly servers: net.Server[] = [];

  tempRoot(): string {
    const dir = fs.mkdtempSync(path.join(memoryTmpDir(), 'port-zero-test-'));
    this.dirs.push(dir);
    return path.join(dir, 'root');
  }

  /** Listens on host:port; rejects with the bind error. */
  listen(host: string, port: number): Promise<net.Server> {
    return new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        this.servers.push(server);
        resolve(server);
      });
    });
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    for (const dir of this.dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function hasIpv6Loopback(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ host: '::1', port: 0 }, () => s.close(() => resolve(true)));
  });
}
