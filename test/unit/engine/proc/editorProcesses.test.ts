import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { EditorProcesses } from '../../../../src/engine/proc/editorProcesses';
import { readProcessTable, type ProcessEntry } from '../../../../src/engine/proc/processTable';
import { capture } from '../_platform/captures';

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

describe('EditorProcesses on win32 (no groups or sessions)', () => {
  const win = (pid: number, ppid: number, name: string): [number, ProcessEntry] => [pid, { pid, ppid, name, startClock: 'processList', zombie: false }];
  // explorer 5000 → Code.exe 6000 (main) → its GPU 6010, network service 6020, another window's extension host 6050,
  // the pty host 6060, and this extension host 6040, which forked tsserver 6070 and runs a launch's cmd.exe 6200 → node 6210;
  // in a terminal: pwsh 6100 → node 6110, and `code .` 6300.
  const table = new Map([
    win(5000, 4900, 'explorer.exe'), win(6000, 5000, 'Code.exe'), win(6010, 6000, 'Code.exe'), win(6020, 6000, 'Code.exe'),
    win(6040, 6000, 'Code.exe'), win(6050, 6000, 'Code.exe'), win(6060, 6000, 'Code.exe'), win(6070, 6040, 'Code.exe'),
    win(6100, 6060, 'pwsh.exe'), win(6110, 6100, 'node.exe'), win(6300, 6100, 'Code.exe'), win(6200, 6040, 'cmd.exe'), win(6210, 6200, 'node.exe'),
  ]);
  const editor = EditorProcesses.from(table, 6040, 'win32');
  const row = (pid: number) => ({ pid, ppid: table.get(pid)?.ppid, name: table.get(pid)?.name });

  it("covers every process of the editor's program below its topmost one: other windows, pty host, network service, forked servers", () => {
    for (const pid of [5000, 6000, 6010, 6020, 6040, 6050, 6060, 6070]) assert.equal(editor.covers(row(pid)), true, String(pid));
  });

  it("leaves what runs in a terminal or in a launch's shell to the user, the editor's program included", () => {
    for (const pid of [6100, 6110, 6300, 6200, 6210]) assert.equal(editor.covers(row(pid)), false, String(pid));
  });

  it('covers a process the editor started after the read, by its parent and program', () => {
    assert.equal(editor.covers({ pid: 6400, ppid: 6000, name: 'code.exe' }), true);
    assert.equal(editor.covers({ pid: 6401, ppid: 6000, name: 'node.exe' }), false);
    assert.equal(editor.covers({ pid: 6402, ppid: 6100, name: 'Code.exe' }), false);
  });

  it('stops at the first other program above the extension host: a node.exe above a shell is not the editor', () => {
    // A VS Code server 7000 → extension host 7040, started from cmd.exe 6990 by the user's node.exe 6980, whose other child is 6985.
    const server = new Map([win(6980, 5000, 'node.exe'), win(6985, 6980, 'node.exe'), win(6990, 6980, 'cmd.exe'), win(7000, 6990, 'node.exe'), win(7040, 7000, 'node.exe'), win(7050, 7000, 'node.exe')]);
    const editorOf = EditorProcesses.from(server, 7040, 'win32');
    assert.deepEqual([...editorOf.family].sort(), [7000, 7040, 7050]);
    assert.equal(editorOf.covers({ pid: 6985, ppid: 6980, name: 'node.exe' }), false);
  });

  it('reads the tree from the captured Win32_Process list', async () => {
    const captured = await readProcessTable({ platform: 'win32', run: async () => ({ stdout: capture('win32/get-ciminstance-win32-process.json'), stderr: '', code: 0 }) });
    // Taking Chrome 13372 for the extension host: its utility process 10160 is the editor's too, Discord and services are not.
    const chrome = await EditorProcesses.read(13372, captured, 'win32');
    assert.deepEqual([...chrome.family].sort(), [10160, 13372]);
    for (const pid of [4, 1112, 13876]) assert.equal(chrome.covers({ ...captured.get(pid)!, pgid: undefined }), false, String(pid));
  });
});
