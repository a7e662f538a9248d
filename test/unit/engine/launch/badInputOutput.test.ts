// The bad-input catalogue at unit level (docs/bad-input.md): output floods.
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import { LaunchedServer } from '../../../../src/engine/launch/launchedServer';
import { LaunchedServers } from '../../../../src/engine/launch/launchedServers';
import { OutputTail } from '../../../../src/engine/launch/outputTail';
import { createSocketSource } from '../../../../src/engine/sockets/createSocketSource';
import { fixtureCommand, nextEvent, stopAndForceKill } from './launchHarness';

describe('Bad input: output floods', function () {
  this.timeout(60_000);

  it('OutputTail keeps an endless line to its first 2,000 characters, so a flood without newlines holds no more', () => {
    const tail = new OutputTail(3);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let i = 0; i < 160; i++) tail.push(chunk); // 10 MiB, one line
    const [line] = tail.lastLines();
    assert.equal(line, `${'x'.repeat(2000)}…`);
    tail.push(Buffer.from('\nnext\n'));
    assert.deepEqual(tail.lastLines(), [`${'x'.repeat(2000)}…`, 'next']);
  });

  describe('LaunchedServer output paused by its reader', () => {
    const pids = new Set<number>();
    let registry: LaunchedServers;

    beforeEach(() => {
      registry = new LaunchedServers({ socketSource: createSocketSource() });
    });

    afterEach(() => stopAndForceKill(registry, pids));

    function flood(megabytes: number): LaunchedServer {
      const server = registry.create({
        command: fixtureCommand('flood'),
        cwd: os.tmpdir(),
        env: { FLOOD_MB: String(megabytes) },
        stopGraceMs: 500,
      });
      server.on('spawn', (pid) => pids.add(pid));
      return server;
    }

    it('holds the server back while paused and loses nothing once resumed', async () => {
      const server = flood(8);
      let received = 0;
      let text = '';
      let head = '';
      const firstOutput = nextEvent(server, 'output');
      server.on('output', (data: Buffer) => {
        received += data.length;
        if (head.length < 200) head += data.toString('latin1');
        text = (text + data.toString('latin1')).slice(-64);
      });
      await server.start();
      await firstOutput;
      server.pauseOutput();
      const atPause = received;
      // A paused stream emits nothing; the pipe fills and the server's writes block.
      await new Promise<void>((resolve) => setImmediate(resolve));
      assert.equal(received, atPause);
      server.resumeOutput();
      await new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (/FLOOD END (\d+)/.test(text)) resolve();
        };
        server.on('output', check);
        server.once('exit', () => reject(new Error('exited before the flood ended')));
      });
      const report = /^LISTENING .*\n/.exec(head)?.[0] ?? '';
      assert.equal(received, report.length + 8 * 2 ** 20 + `\nFLOOD END ${8 * 2 ** 20}\n`.length);
    });
  });
});
