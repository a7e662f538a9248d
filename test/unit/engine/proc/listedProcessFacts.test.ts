import * as assert from 'node:assert/strict';
import type { CommandRunner } from '../../../../src/engine/proc/commandRunner';
import { ListedProcessFacts } from '../../../../src/engine/proc/listedProcessFacts';
import type { ProcessInfo } from '../../../../src/engine/proc/processInfo';

const listed = (pid: number, startTime: number): ProcessInfo => ({ pid, name: 'node', startTime, startClock: 'processList' });

describe('ListedProcessFacts', () => {
  let asked: number[][];
  const lsof: CommandRunner = async (_file, args) => {
    const pids = args[args.length - 1].split(',').map(Number);
    asked.push(pids);
    return { stdout: pids.map((p) => `p${p}\nfcwd\nn/srv/${p}\n`).join(''), stderr: '', code: 0 };
  };
  beforeEach(() => {
    asked = [];
  });

  it('keeps the first start time of a process whose ps-derived start wobbled by a second, so its row keeps its id', async () => {
    const facts = new ListedProcessFacts({ platform: 'darwin', run: lsof });
    const [first] = await facts.complete([listed(7, 1_000_000)]);
    const [again] = await facts.complete([listed(7, 1_001_000)]);
    assert.equal(again.startTime, first.startTime);
    assert.equal(facts.stable(listed(7, 999_000)).startTime, 1_000_000);
    assert.deepEqual(asked, [[7]]);
  });

  it('reads a process again when its pid came back with another start, and only the new ones, in one lsof', async () => {
    const facts = new ListedProcessFacts({ platform: 'darwin', run: lsof });
    await facts.complete([listed(7, 1_000_000), listed(8, 1_000_000)]);
    const out = await facts.complete([listed(7, 9_000_000), listed(8, 1_000_000), listed(9, 1_000_000)]);
    assert.deepEqual(asked, [[7, 8], [7, 9]]);
    assert.deepEqual(out.map((p) => [p.pid, p.startTime, p.cwd]), [[7, 9_000_000, '/srv/7'], [8, 1_000_000, '/srv/8'], [9, 1_000_000, '/srv/9']]);
  });

  it('forgets processes that are gone', async () => {
    const facts = new ListedProcessFacts({ platform: 'darwin', run: lsof });
    await facts.complete([listed(7, 1_000_000)]);
    facts.retain(new Set());
    await facts.complete([listed(7, 1_000_000)]);
    assert.deepEqual(asked, [[7], [7]]);
  });

  it('runs nothing on Windows for processes it already knows the owner of', async () => {
    let runs = 0;
    const tasklist: CommandRunner = async () => (runs++, { stdout: '"node.exe","7","Console","1","1 K","Running","PC\\dev","0:00:01","N/A"\r\n', stderr: '', code: 0 });
    const facts = new ListedProcessFacts({ platform: 'win32', run: tasklist });
    const [p] = await facts.complete([listed(7, 1_000_000)]);
    await facts.complete([listed(7, 1_000_000)]);
    assert.equal(p.user, 'PC\\dev');
    assert.equal(p.cwd, undefined);
    assert.equal(runs, 1);
  });
});
