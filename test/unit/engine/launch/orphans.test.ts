import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LaunchJournal, thisBoot, type JournalPlace, type LaunchRecord } from '../../../../src/engine/launch/launchJournal';
import { findOrphans, stopOrphan } from '../../../../src/engine/launch/orphans';
import { processStartTime } from '../../../../src/engine/proc/processIdentity';
import { askKernelForPort } from '../../../../src/engine/ports/kernelPort';
import { createSocketSource } from '../../../../src/engine/sockets/createSocketSource';
import { fixtureCommand, forceKill, isGone, OutputLog } from './launchHarness';


/** A pid no process can have (above Linux's pid_max), so the journal's host is gone. */
const DEAD_HOST = { pid: 99_999_999 };
const MARK = `PORT_ZERO_LAUNCH=orphans-test-${process.pid}`;

describe('Servers a lost window left running (Linux)', () => {
  let dir: string;
  const started: number[] = [];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pz-orphans-'));
  });
  afterEach(() => {
    forceKill(started.splice(0));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A detached `script` carrying the mark, as a launch runs; resolves once it printed `lines` lines. */
  async function launch(script: string, lines = 1): Promise<{ root: number; output: string }> {
    const [name, value] = MARK.split('=');
    const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, [name]: value } });
    started.push(child.pid!);
    const events = new EventEmitter();
    child.stdout!.on('data', (d: Buffer) => events.emit('output', d));
    const log = new OutputLog(events);
    await log.waitFor(new RegExp(`(?:.*\\n){${lines}}`));
    return { root: child.pid!, output: log.text };
  }

  function lose(root: number, place: JournalPlace = thisBoot(), port?: number): void {
    const record: LaunchRecord = { id: 'l1', name: 'web', command: 'npm run dev', cwd: '/app', root: { pid: root, start: processStartTime(root) }, mark: MARK, ports: [], port };
    new LaunchJournal(dir, DEAD_HOST, place).write([record]);
  }

  it('drops a journal written in another boot without touching its processes', async () => {
    const { root } = await launch('echo started; exec sleep 600');
    lose(root, { ...thisBoot(), boot: '00000000-0000-0000-0000-000000000000' });
    assert.deepEqual(await findOrphans(new LaunchJournal(dir), createSocketSource()), []);
    assert.deepEqual(fs.readdirSync(dir), []);
    assert.equal(isGone(root), false);
  });

  it('leaves another machine\'s journal where it is and finds nothing of this machine in it', async () => {
    const { root } = await launch('echo started; exec sleep 600');
    lose(root, { ...thisBoot(), hostname: `not-${os.hostname()}` });
    assert.deepEqual(await findOrphans(new LaunchJournal(dir), createSocketSource()), []);
    assert.equal(fs.readdirSync(dir).length, 1);
    assert.equal(isGone(root), false);
  });

  it('takes a marked daemon on the port the launch was handed for the server, and leaves one listening on a port of its own out of Stop All', async () => {
    const handed = await askKernelForPort('127.0.0.1');
    // Both double-fork out of the group and session; the root exits, as a lost launch's shell has.
    const server = `env PORT=${handed} HOST=127.0.0.1 ${fixtureCommand('envServer')}`;
    const daemon = `env PORT=0 HOST=127.0.0.1 ${fixtureCommand('envServer')}`;
    const { root, output } = await launch(`(setsid ${server} &); (setsid ${daemon} &); exit 0`, 2);
    const pids = [...output.matchAll(/^LISTENING \S+ (\d+) \S+ pid=(\d+)$/gm)].map((m) => ({ port: Number(m[1]), pid: Number(m[2]) }));
    started.push(...pids.map((p) => p.pid));
    const serverPid = pids.find((p) => p.port === handed)!.pid;
    const daemonPid = pids.find((p) => p.port !== handed)!.pid;
    lose(root, thisBoot(), handed);
    const orphans = await findOrphans(new LaunchJournal(dir), createSocketSource());
    assert.deepEqual(orphans.map((o) => o.survivors.map((p) => p.pid)), [[serverPid]]);
    await stopOrphan(orphans[0]);
    assert.equal(isGone(serverPid), true, 'the server on the handed port outlived Stop All');
    assert.equal(isGone(daemonPid), false, 'a daemon listening on a port of its own was stopped without being asked');
  });
});
