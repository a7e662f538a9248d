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

  it('maps process rows: argv from command and params, start time as epoch ms', () => {
    const info = fromSiProcess({
      pid: 7, parentPid: 1, name: 'node', command: '/usr/bin/node', params: 'server.js', started: '2024-05-01 10:00:00',
    } as Systeminformation.ProcessesProcessData);
    assert.deepEqual(info, {
      pid: 7, ppid: 1, name: 'node', commandLine: '/usr/bin/node server.js', startTime: new Date(2024, 4, 1, 10, 0, 0).getTime(),
    });
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
