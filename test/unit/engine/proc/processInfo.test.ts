import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { parseCmdline, ProcessFacts, processName } from '../../../../src/engine/proc/processInfo';
import { nodeProcReader } from '../../../../src/engine/proc/procReader';
import { parseStat, readStat } from '../../../../src/engine/proc/procStat';

function statLine(comm: string, flags = 4194560): string {
  // 52 fields as proc_pid_stat(5) lists them; flags (9) as given, starttime (22) is 987654.
  const after = ['S', '41', '42', '43', '0', '-1', String(flags), '100', '0', '0', '0', '5', '3', '0', '0', '20', '0', '1', '0', '987654'];
  return `4242 (${comm}) ${after.join(' ')} ${Array(30).fill('0').join(' ')}\n`;
}

describe('process facts', () => {
  it('reads stat fields after the last parenthesis, whatever comm contains', () => {
    for (const comm of ['node', 'my server', 'a) S 1 (b', ') )']) {
      assert.deepEqual(parseStat(statLine(comm)), { pid: 4242, name: comm, state: 'S', ppid: 41, pgid: 42, session: 43, startTime: 987654, kernelThread: false }, comm);
    }
  });

  it('tells a kernel thread by PF_KTHREAD in the flags field', () => {
    // kthreadd's flags on Linux 6.x: PF_KTHREAD | PF_NOFREEZE | PF_FORKNOEXEC | PF_SUPERPRIV.
    assert.equal(parseStat(statLine('kthreadd', 0x00208040))?.kernelThread, true);
    assert.equal(parseStat(statLine('node', 0x00400100))?.kernelThread, false);
    assert.equal(readStat(nodeProcReader(), '/proc', process.pid)?.kernelThread, false);
    const kthreadd = readStat(nodeProcReader(), '/proc', 2);
    if (kthreadd?.name === 'kthreadd') assert.equal(kthreadd.kernelThread, true); // hidden in a pid namespace
  });

  it('rejects a stat line cut short', () => {
    assert.equal(parseStat('4242 (node) S 41 42'), undefined);
    assert.equal(parseStat('garbage'), undefined);
  });

  it('joins NUL-separated argv with spaces and treats an empty cmdline as unknown', () => {
    assert.equal(parseCmdline(Buffer.from('node\0server.js\0--port\x003000\0')), 'node server.js --port 3000');
    assert.equal(parseCmdline(Buffer.alloc(0)), undefined);
  });
});

describe('processName', () => {
  it('names a process by argv[0] when its main thread was renamed MainThread (Node 24)', () => {
    assert.equal(processName('MainThread', Buffer.from('/usr/local/bin/node\0server.js\0')), 'node');
    assert.equal(processName('vite', Buffer.from('/usr/bin/node\0vite\0')), 'vite');
    assert.equal(processName('MainThread', undefined), 'MainThread');
    assert.equal(processName('MainThread', Buffer.from('')), 'MainThread');
  });

  it('names what a process runs after exec(), though its pid and start time stay the same', async () => {
    const child = spawn('sh', ['-c', 'read line; exec sleep 30'], { stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      await once(child, 'spawn');
      const reader = nodeProcReader();
      const facts = new ProcessFacts(reader, '/proc');
      const before = facts.get(readStat(reader, '/proc', child.pid!)!);
      assert.equal(before.name, 'sh');
      child.stdin!.write('go\n');
      let stat = readStat(reader, '/proc', child.pid!)!;
      for (let i = 0; i < 500 && stat.name !== 'sleep'; i++) {
        await delay(10);
        stat = readStat(reader, '/proc', child.pid!)!;
      }
      assert.equal(stat.startTime, before.startTime);
      let after = facts.get(stat);
      // exec() sets comm a moment before argv: a read in between gets no command line and is read again.
      for (let i = 0; i < 500 && after.commandLine === undefined; i++) {
        await delay(10);
        after = facts.get(readStat(reader, '/proc', child.pid!)!);
      }
      assert.equal(after.name, 'sleep');
      assert.equal(after.commandLine, 'sleep 30');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
