import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProcfsSource } from '../../../../src/engine/sockets/procfsSource';
import type { Snapshot } from '../../../../src/engine/sockets/socket';
import { WorkerSocketSource } from '../../../../src/engine/sockets/workerSource';
import { LiveSockets } from './_liveSockets';
import { fakeProcfs } from './_fakeProcfs';

const CRASHING = path.resolve(__dirname, '../../../../../test/fixtures/workers/crashingWorker.js');
const withoutTime = (s: Snapshot): Omit<Snapshot, 'takenAt'> => ({ sockets: s.sockets, processes: s.processes, skippedLines: s.skippedLines });

describe('WorkerSocketSource', () => {
  const live = new LiveSockets();
  const sources: WorkerSocketSource[] = [];
  let root: string | undefined;
  const source = (options: ConstructorParameters<typeof WorkerSocketSource>[0] = {}): WorkerSocketSource => {
    const s = new WorkerSocketSource(options);
    sources.push(s);
    return s;
  };
  afterEach(() => {
    for (const s of sources.splice(0)) s.dispose();
    live.closeAll();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    root = undefined;
    delete process.env.PORT_ZERO_TEST_WORKER_DEATHS;
  });

  it('returns, refresh after refresh, exactly the snapshot the in-thread source returns', async () => {
    root = fakeProcfs();
    const worker = source({ procRoot: root });
    const inThread = new ProcfsSource({ procRoot: root });
    for (const options of [{}, { listenersOnly: true }, {}, {}]) {
      const expected = withoutTime(await inThread.snapshot(options));
      assert.deepStrictEqual(withoutTime(await worker.snapshot(options)), expected);
    }
    fs.rmSync(path.join(root, '200'), { recursive: true });
    const expected = withoutTime(await inThread.snapshot());
    assert.deepStrictEqual(withoutTime(await worker.snapshot()), expected);
    assert.ok(expected.sockets.length >= 10 && expected.sockets.some((s) => s.pid === 100));
    assert.equal(worker.mode, 'worker');
  });

  it('sees this process\'s own sockets with their owner, as the in-thread source does', async () => {
    await live.tcpListener('127.0.0.1');
    await live.tcpPair('127.0.0.1', '127.0.0.1');
    const mine = (s: Snapshot): Snapshot['sockets'] => s.sockets.filter((x) => x.pid === process.pid).sort((a, b) => a.id.localeCompare(b.id));
    const worker = source();
    const [a, b] = [await worker.snapshot(), await new ProcfsSource().snapshot()];
    assert.deepStrictEqual(mine(a), mine(b));
    assert.equal(mine(a).length, 4);
    assert.deepStrictEqual(a.processes.get(process.pid), b.processes.get(process.pid));
  });

  it('answers requests made together, each with its own snapshot', async () => {
    root = fakeProcfs();
    const worker = source({ procRoot: root });
    const [all, listeners] = await Promise.all([worker.snapshot(), worker.snapshot({ listenersOnly: true })]);
    assert.ok(all.sockets.length > listeners.sockets.length);
    assert.ok(listeners.sockets.every((s) => s.state === 'LISTEN' || s.state === 'BOUND'));
  });

  it('starts another worker when one dies, answers the request that was waiting, and says so', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-deaths-'));
    process.env.PORT_ZERO_TEST_WORKER_DEATHS = path.join(root, 'deaths');
    fs.writeFileSync(process.env.PORT_ZERO_TEST_WORKER_DEATHS, '1');
    const problems: string[] = [];
    const worker = source({ workerPath: CRASHING, onProblem: (m) => problems.push(m) });
    const snapshot = await worker.snapshot();
    assert.ok(snapshot.sockets.length > 0);
    assert.equal(worker.mode, 'worker');
    assert.equal(problems.length, 1);
    assert.match(problems[0], /stopped \(exit code 1\); starting another/);
  });

  it('reads in this thread after the worker died more often than it may restart', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-deaths-'));
    process.env.PORT_ZERO_TEST_WORKER_DEATHS = path.join(root, 'deaths');
    fs.writeFileSync(process.env.PORT_ZERO_TEST_WORKER_DEATHS, '100');
    const problems: string[] = [];
    const worker = source({ workerPath: CRASHING, maxRestarts: 2, onProblem: (m) => problems.push(m) });
    await live.tcpListener('127.0.0.1');
    const snapshot = await worker.snapshot();
    assert.ok(snapshot.sockets.some((s) => s.pid === process.pid));
    assert.equal(worker.mode, 'in-thread');
    assert.equal(problems.length, 3);
    assert.match(problems[2], /stopped 3 times .* in the extension host's thread from now on/);
  });

  it('reads in this thread, and says why, when the worker script is missing', async () => {
    const problems: string[] = [];
    const worker = source({ workerPath: '/nonexistent/socketWorker.js', onProblem: (m) => problems.push(m) });
    assert.ok((await worker.snapshot()).sockets.length >= 0);
    assert.equal(worker.mode, 'in-thread');
    assert.match(problems.join('\n'), /missing/);
  });

  it('rejects what is asked after dispose', async () => {
    const worker = source();
    worker.dispose();
    await assert.rejects(worker.snapshot(), /disposed/);
  });
});
