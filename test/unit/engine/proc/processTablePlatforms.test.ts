import * as assert from 'node:assert/strict';
import type { CommandRunner } from '../../../../src/engine/proc/commandRunner';
import { parseWin32Processes, WIN32_TABLE_SCRIPT } from '../../../../src/engine/proc/listedProcessTable';
import { launchMembers } from '../../../../src/engine/proc/launchMembers';
import { parseElapsed, parseListedStart } from '../../../../src/engine/proc/processIdentity';
import { readProcessTable } from '../../../../src/engine/proc/processTable';
import { capture, crlf } from '../_platform/captures';

/** Answers one tool from a capture and records what ran. */
function answering(tool: string, stdout: string, ran: string[][] = []): CommandRunner {
  return async (file, args) => {
    ran.push([file, ...args]);
    return file.split(/[\\/]/).pop() === tool ? { stdout, stderr: '', code: 0 } : { stdout: '', stderr: `${file}: not found`, code: 1 };
  };
}

describe('process table on win32 (captured Win32_Process)', () => {
  const json = capture('win32/get-ciminstance-win32-process.json');

  it('lists every process from Win32_Process with its parent, name and CreationDate, through the full-path PowerShell', async () => {
    const ran: string[][] = [];
    const table = await readProcessTable({ platform: 'win32', run: answering('powershell.exe', crlf(json), ran) });
    assert.deepEqual(ran, [['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', '-NoProfile', '-NonInteractive', '-Command', WIN32_TABLE_SCRIPT]]);
    assert.deepEqual([...table.keys()].sort((a, b) => a - b), [4, 1112, 2980, 5100, 8708, 10160, 13372, 13876]);
    assert.deepEqual(table.get(10160), {
      pid: 10160, name: 'chrome.exe', ppid: 13372, startTime: new Date(2020, 9, 21, 10, 2, 17).getTime(), startClock: 'processList', zombie: false,
    });
  });

  it('selects only properties the captured output has, in the quoting a -Command argument keeps', () => {
    const captured = Object.keys((JSON.parse(json) as object[])[0]);
    const selected = /Select-Object (\w+),(\w+),(\w+),@\{n='(\w+)'/.exec(WIN32_TABLE_SCRIPT)!.slice(1);
    assert.deepEqual(selected.filter((p) => !captured.includes(p)), []);
    assert.ok(!WIN32_TABLE_SCRIPT.includes('"'), WIN32_TABLE_SCRIPT);
  });

  it('has no process groups or sessions, so a launch is its root and what descends from it', async () => {
    const table = await readProcessTable({ platform: 'win32', run: answering('powershell.exe', json) });
    for (const entry of table.values()) assert.equal(entry.pgid ?? entry.session, undefined);
    assert.deepEqual([...launchMembers(table, { pid: 13372, alive: true }).members].sort(), [10160, 13372]);
    // The root gone, its pid is nobody's: nothing is found by it.
    assert.deepEqual([...launchMembers(table, { pid: 13372, alive: false }).members], []);
  });

  it('gives no parent to a process older than the one now holding its parent pid, which Windows reused', () => {
    const rows = JSON.parse(json) as { ProcessId: number; CreationDate: string }[];
    // chrome 13372 exited after starting 10160 and its pid went to a process started later.
    const reused = rows.map((r) => (r.ProcessId === 13372 ? { ...r, Caption: 'node.exe', CreationDate: '2020-10-21 11:00:00' } : r));
    const table = parseWin32Processes(JSON.stringify(reused));
    assert.equal(table.get(10160)?.ppid, 0);
    assert.deepEqual([...launchMembers(table, { pid: 13372, alive: true }).members], [13372]);
    assert.equal(parseWin32Processes(json).get(10160)?.ppid, 13372);
  });

  it("gives an entry the start processIdentity's own check reads for the pid", async () => {
    const table = await readProcessTable({ platform: 'win32', run: answering('powershell.exe', json) });
    assert.equal(table.get(13876)?.startTime, parseListedStart(capture('win32/creation-date.txt')));
  });

  it('reads the bare object ConvertTo-Json writes for a single process', () => {
    const one = JSON.stringify((JSON.parse(json) as object[])[7]);
    assert.deepEqual([...parseWin32Processes(one).keys()], [13876]);
  });

  it('rejects with what PowerShell said when it listed nothing', async () => {
    const failing: CommandRunner = async () => ({ stdout: '', stderr: 'Get-CimInstance : Access denied', code: 1 });
    await assert.rejects(readProcessTable({ platform: 'win32', run: failing }), /Access denied/);
  });
});

describe('process table on darwin (captured ps)', () => {
  const ps = capture('darwin/ps-A-pid-ppid-pgid-stat-etime-comm.txt');
  const now = new Date(2026, 0, 5, 12, 0, 0).getTime();

  it('lists pid, parent, group, name and a start taken as processIdentity takes it (now minus etime)', async () => {
    const ran: string[][] = [];
    const table = await readProcessTable({ platform: 'darwin', run: answering('ps', ps, ran), now: () => now });
    assert.deepEqual(ran, [['ps', '-A', '-o', 'pid=,ppid=,pgid=,stat=,etime=,comm=']]);
    assert.equal(table.size, 7);
    assert.deepEqual(table.get(4242), { pid: 4242, name: 'node', ppid: 4240, pgid: 4242, startTime: now - parseElapsed('02:13:44')!, startClock: 'processList', zombie: false });
    assert.equal(table.get(843)?.name, 'Google Chrome');
    assert.equal(table.get(4240)?.name, '-zsh');
  });
});
