import * as assert from 'node:assert/strict';
import type { Systeminformation } from 'systeminformation';
import { formatEndpoint } from '../../../../src/engine/sockets/address';
import { fromSiConnection, fromSiProcess, SiModule, SysteminformationSource } from '../../../../src/engine/sockets/systeminformationSource';

type Row = Systeminformation.NetworkConnectionsData;

function row(protocol: string, local: string, localPort: string, peer: string, peerPort: string, state: string, pid: unknown): Row {
  return { protocol, localAddress: local, localPort, peerAddress: peer, peerPort, state, pid: pid as number, process: 'x' };
}

function brief(r: Row): string {
  const s = fromSiConnection(r);
  return s ? `${s.protocol}${s.family} ${s.state} ${formatEndpoint(s.local)}${s.peer ? ` ${formatEndpoint(s.peer)}` : ''} pid=${s.pid}` : 'skipped';
}

describe('systeminformation source', () => {
  it('normalises string ports, [::], *, bare v4-mapped addresses and null or "-" pids', () => {
    assert.equal(brief(row('tcp6', '::', '3000', '::', '*', 'LISTEN', 42)), 'tcp6 LISTEN [::]:3000 pid=42');
    assert.equal(brief(row('tcp', '[::]', '3000', '[::]', '0', 'LISTENING', '17')), 'tcp6 LISTEN [::]:3000 pid=17');
    assert.equal(brief(row('tcp4', '*', '5000', '*', '*', 'LISTEN', null)), 'tcp4 LISTEN 0.0.0.0:5000 pid=undefined');
    assert.equal(brief(row('tcp6', '127.0.0.1', '80', '127.0.0.1', '5555', 'ESTABLISHED', '-')), 'tcp6 ESTABLISHED 127.0.0.1:80 127.0.0.1:5555 pid=undefined');
    assert.equal(brief(row('tcp4', '127.0.0.1', '80', '127.0.0.1', '5555', 'FIN_WAIT_1', NaN)), 'tcp4 FIN_WAIT1 127.0.0.1:80 127.0.0.1:5555 pid=undefined');
    assert.equal(brief(row('udp', '0.0.0.0', '53', '*', '*', '', 9)), 'udp4 BOUND 0.0.0.0:53 pid=9');
    assert.equal(brief(row('udp6', '::1', '53', '::1', '4000', 'ESTABLISHED', 9)), 'udp6 CONNECTED [::1]:53 [::1]:4000 pid=9');
    assert.equal(brief(row('tcp', 'not-an-address', '1', '*', '*', 'LISTEN', 1)), 'skipped');
    assert.equal(fromSiConnection(row('tcp6', '127.0.0.1', '80', '::', '*', 'LISTEN', 1))?.local.dualStack, true);
  });

  it("reads a listener from its peer column where a localised Windows words the state (ESCUCHANDO), and keeps a connection's unknown word UNKNOWN", () => {
    assert.equal(brief(row('tcp', '0.0.0.0', '135', '0.0.0.0', '0', 'ESCUCHANDO', '1044')), 'tcp4 LISTEN 0.0.0.0:135 pid=1044');
    assert.equal(brief(row('tcp', '::', '445', '::', '0', 'ESCUCHANDO', '4')), 'tcp6 LISTEN [::]:445 pid=4');
    assert.equal(brief(row('tcp', '10.0.0.12', '3389', '10.0.0.50', '51544', 'ESTABLECIDO', '1288')), 'tcp4 UNKNOWN 10.0.0.12:3389 10.0.0.50:51544 pid=1288');
  });

  it('tells IPv6-only from dual-stack wildcards on macOS by the protocol netstat prints (tcp6, tcp46)', () => {
    assert.equal(fromSiConnection(row('tcp46', '*', '49152', '*', '*', 'LISTEN', 512), 'darwin')?.local.dualStack, true);
    assert.equal(fromSiConnection(row('tcp6', '*', '7000', '*', '*', 'LISTEN', 512), 'darwin')?.local.dualStack, false);
    assert.equal(fromSiConnection(row('tcp6', '::', '7000', '::', '*', 'LISTEN', 512), 'linux')?.local.dualStack, true);
  });

  it('maps process rows: argv from command and params, start time as epoch ms, the listed user', () => {
    const info = fromSiProcess({
      pid: 7, parentPid: 1, name: 'node', command: 'node', params: 'server.js', path: '/usr/bin', started: '2024-05-01 10:00:00', user: 'dev',
    } as Systeminformation.ProcessesProcessData, 'linux');
    assert.deepEqual(info, {
      pid: 7, ppid: 1, name: 'node', commandLine: '/usr/bin/node server.js', startTime: new Date(2024, 4, 1, 10, 0, 0).getTime(),
      startClock: 'processList', user: 'dev',
    });
  });

  it('joins back a POSIX command line systeminformation split at the wrong slash, and keeps Windows lines whole', () => {
    // ps printed `node test/ui/_probe.mjs`; systeminformation took `node test/ui` for the path.
    const posix = { pid: 1, parentPid: 0, name: '_probe.mjs', command: '_probe.mjs', params: '', path: 'node test/ui', started: '', user: 'root' };
    assert.equal(fromSiProcess(posix as Systeminformation.ProcessesProcessData, 'linux').commandLine, 'node test/ui/_probe.mjs');
    const windows = { pid: 2, parentPid: 0, name: 'node.exe', command: '"C:\\node.exe" a.js', params: '', path: 'C:\\node.exe', started: '', user: '' };
    const info = fromSiProcess(windows as Systeminformation.ProcessesProcessData, 'win32');
    assert.equal(info.commandLine, '"C:\\node.exe" a.js');
    assert.equal(info.user, undefined);
    assert.equal(info.startTime, undefined);
  });

  it('keeps tuple ids stable across calls so snapshots can be diffed', async () => {
    const rows = [row('tcp', '127.0.0.1', '80', '0.0.0.0', '*', 'LISTEN', 3)];
    const si = {
      networkConnections: async () => rows,
      processes: async () => ({ list: [] }) as unknown as Systeminformation.ProcessesData,
    } as unknown as SiModule;
    const source = new SysteminformationSource({ si });
    const [a, b] = [await source.snapshot(), await source.snapshot()];
    assert.equal(a.sockets[0].id, b.sockets[0].id);
    assert.equal(a.sockets[0].id, 'tcp4:127.0.0.1:80>*');
  });
});
