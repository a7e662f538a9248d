import * as assert from 'node:assert/strict';
import { windowsTool } from '../../../../src/engine/proc/commandRunner';
import { lsofCwdArgs, parseLsofCwd } from '../../../../src/engine/proc/lsofCwd';
import { parseElapsed, parseListedStart, sameStart } from '../../../../src/engine/proc/processIdentity';
import { taskkillVerdict } from '../../../../src/engine/proc/processStop';
import { parseTasklistOwners, splitCsvRow } from '../../../../src/engine/proc/tasklistOwners';
import { capture, crlf } from '../_platform/captures';

describe('lsof cwd field output', () => {
  it('reads macOS lsof 4.91, which prints an f line before each name', () => {
    assert.deepEqual([...parseLsofCwd(capture('darwin/lsof-cwd.txt'))], [[843, '/'], [4242, '/Users/dev/app'], [512, '/']]);
  });

  it('reads lsof 4.95, which prints no f line, and keeps what it printed for pids that exist', () => {
    assert.deepEqual([...parseLsofCwd(capture('linux/lsof-cwd.txt'))], [[18568, '/tmp/pz-capture/app']]);
  });

  it('asks for every pid in one run', () => {
    assert.deepEqual(lsofCwdArgs([1, 22, 333]), ['-a', '-d', 'cwd', '-Fn', '-p', '1,22,333']);
  });
});

describe('tasklist /V /FO CSV', () => {
  it('reads each pid with its DOMAIN\\name owner, or N/A', () => {
    const owners = parseTasklistOwners(crlf(capture('win32/tasklist-v-csv.txt')));
    assert.equal(owners.get(13876), 'LAPTOP-T6GHI3P2\\arthu');
    assert.equal(owners.get(4), 'NT AUTHORITY\\SYSTEM');
    assert.equal(owners.get(1112), 'N/A');
    assert.equal(owners.size, 8);
  });

  it('keeps commas and doubled quotes inside a quoted field', () => {
    assert.deepEqual(splitCsvRow('"a, b","2","say ""hi""",""'), ['a, b', '2', 'say "hi"', '']);
  });
});

describe('Windows tools', () => {
  it('runs them from System32 by full path, never a same-named file in the workspace', () => {
    assert.equal(windowsTool('taskkill.exe', { SystemRoot: 'D:\\Windows' }), 'D:\\Windows\\System32\\taskkill.exe');
    assert.equal(windowsTool('powershell.exe', {}), 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });
});

describe('taskkill verdicts', () => {
  const out = (file: string, code: number) => ({ stdout: '', stderr: capture(`win32/${file}`), code });
  it('tells a sent request, a refusal that needs /F, access denied and a pid not found apart', () => {
    assert.equal(taskkillVerdict({ stdout: capture('win32/taskkill-sent.txt'), stderr: '', code: 0 }), 'sent');
    assert.equal(taskkillVerdict(out('taskkill-needs-force.txt', 1)), 'needsForce');
    assert.equal(taskkillVerdict(out('taskkill-denied.txt', 1)), 'denied');
    assert.equal(taskkillVerdict(out('taskkill-not-found.txt', 128)), 'notFound');
  });

  it('calls a failure in another language failed, for the caller to settle by looking at the process', () => {
    assert.equal(taskkillVerdict({ stdout: '', stderr: 'FEHLER: Der Prozess mit PID 4 konnte nicht beendet werden.', code: 1 }), 'failed');
  });
});

describe('start times from the process list', () => {
  it("reads ps's elapsed time in every form POSIX allows", () => {
    assert.equal(parseElapsed('00:01'), 1000);
    assert.equal(parseElapsed('02:13:44'), ((2 * 60 + 13) * 60 + 44) * 1000);
    assert.equal(parseElapsed('11-02:03:04'), (((11 * 24 + 2) * 60 + 3) * 60 + 4) * 1000);
    assert.equal(parseElapsed('soon'), undefined);
  });

  it('reads a CreationDate as local time, as systeminformation does', () => {
    assert.equal(parseListedStart(capture('win32/creation-date.txt')), new Date(2020, 9, 21, 10, 5, 33).getTime());
  });

  it("reads a CreationDate printed with the culture's time separator, which .NET puts in place of ':'", () => {
    // ToString('yyyy-MM-dd HH:mm:ss') under fi-FI prints '.' between hours, minutes and seconds.
    const dotted = capture('win32/creation-date.txt').replace(/(\d\d):(\d\d):(\d\d)/, '$1.$2.$3');
    assert.equal(dotted.trim(), '2020-10-21 10.05.33');
    assert.equal(parseListedStart(dotted), new Date(2020, 9, 21, 10, 5, 33).getTime());
    assert.equal(parseListedStart('2020-13-45 10:05:33'), undefined);
    assert.equal(parseListedStart('yesterday'), undefined);
  });

  it('lets ps-derived starts wobble by seconds but not Windows CreationDates or /proc ticks', () => {
    assert.equal(sameStart(1_000_000, 1_002_000, 'processList', 'darwin'), true);
    assert.equal(sameStart(1_000_000, 1_004_000, 'processList', 'darwin'), false);
    assert.equal(sameStart(1_000_000, 1_001_000, 'processList', 'win32'), false);
    assert.equal(sameStart(100, 101, undefined, 'linux'), false);
  });
});
