import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { EditorProcesses } from '../../../../src/engine/proc/editorProcesses';
import type { ProcessEntry } from '../../../../src/engine/proc/processTable';

const entry = (pid: number, ppid: number, pgid = pid): ProcessEntry => ({ pid, ppid, pgid, zombie: false });
// init 1 → sshd 50 → code-server 100 (group 100) → server 110 (group 100) → extension host 120 (group 100);
// the pty host 130 is the server's child; a terminal's shell 140 and its dev server 150 run in a session of their own.
const table = new Map([entry(1, 0), entry(50, 1), entry(100, 50), entry(110, 100, 100), entry(120, 110, 100), entry(130, 110, 130), entry(140, 130), entry(150, 140, 140)].map((e) => [e.pid, e]));

describe('EditorProcesses', () => {
  const editor = EditorProcesses.from(table, 120);

  it('covers the extension host and every ancestor up to, not including, init', () => {
    assert.deepEqual([...editor.ancestors].sort((a, b) => a - b), [50, 100, 110, 120]);
    for (const pid of [120, 110, 100, 50]) assert.equal(editor.covers({ pid }), true, String(pid));
    assert.equal(editor.covers({ pid: 1 }), false);
  });

  it('covers what shares a group with the editor, not what the user started in a terminal', () => {
    assert.equal(editor.covers({ pid: 999, ppid: 1, pgid: 100 }), true);
    assert.equal(editor.covers({ pid: 150, ppid: 140, pgid: 140 }), false);
    assert.equal(editor.covers({ pid: 140, ppid: 130, pgid: 140, commandLine: '/bin/bash' }), false);
  });

  it('covers the terminal host by its command line, as a child of the editor', () => {
    assert.equal(editor.covers({ pid: 130, ppid: 110, pgid: 130, commandLine: 'node out/bootstrap-fork --type=ptyHost --logsPath /x' }), true);
    assert.equal(editor.covers({ pid: 131, ppid: 140, pgid: 131, commandLine: 'node fake --type=ptyHost' }), false);
  });

  it('reads the live chain: this process and its parent are covered, a detached child is not', async () => {
    const live = await EditorProcesses.read();
    assert.equal(live.covers({ pid: process.pid }), true);
    assert.equal(live.covers({ pid: process.ppid }), true);
    const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    try {
      await once(child, 'spawn');
      assert.equal(live.covers({ pid: child.pid!, ppid: process.pid, pgid: child.pid! }), false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
