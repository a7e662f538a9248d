import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parseEndpoint, formatEndpoint } from '../../../../src/engine/sockets/address';
import { ProcfsSource } from '../../../../src/engine/sockets/procfsSource';
import { Snapshot } from '../../../../src/engine/sockets/socket';
import { SysteminformationSource } from '../../../../src/engine/sockets/systeminformationSource';
import { describeSocket, LiveSockets } from './_liveSockets';

const SS_STATES: Record<string, string> = {
  ESTAB: 'ESTABLISHED', LISTEN: 'LISTEN', UNCONN: 'BOUND', 'TIME-WAIT': 'TIME_WAIT', 'CLOSE-WAIT': 'CLOSE_WAIT',
  'SYN-SENT': 'SYN_SENT', 'SYN-RECV': 'SYN_RECV', 'FIN-WAIT-1': 'FIN_WAIT1', 'FIN-WAIT-2': 'FIN_WAIT2',
  'LAST-ACK': 'LAST_ACK', CLOSING: 'CLOSING',
};

function ssEndpoint(text: string): string | undefined {
  const colon = text.lastIndexOf(':');
  const port = text.slice(colon + 1);
  const address = text.slice(0, colon);
  if (port === '*') return undefined;
  // ss prints the dual-stack IPv6 wildcard as `*`.
  const e = parseEndpoint(address, Number(port), address.startsWith('[') || address === '*' ? 6 : 4);
  return e && formatEndpoint(e);
}

/** `ss -tanpH` / `ss -uanpH` rows of one pid, described like describeSocket. */
function ssRows(pid: number): string[] {
  const out: string[] = [];
  for (const [protocol, flags] of [['tcp', '-tanpH'], ['udp', '-uanpH']] as const) {
    for (const line of execFileSync('ss', [flags], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 6) continue;
      const pids = [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
      if (!pids.includes(pid)) continue;
      let state = SS_STATES[f[0]] ?? f[0];
      if (protocol === 'udp' && state === 'ESTABLISHED') state = 'CONNECTED';
      const local = ssEndpoint(f[3]);
      const peer = ssEndpoint(f[4]);
      out.push(`${protocol} ${state} ${local}${peer && !peer.startsWith('0.0.0.0:0') ? ` ${peer}` : ''} pid=${Math.min(...pids)}`);
    }
  }
  return out.sort();
}

function mine(snapshot: Snapshot): string[] {
  return snapshot.sockets.filter((s) => s.pid === process.pid).map(describeSocket).sort();
}

describe('procfs, systeminformation and ss agree', () => {
  const live = new LiveSockets();
  afterEach(() => live.closeAll());

  it('on protocol, local, peer, state and pid of this test\'s own sockets', async () => {
    await live.tcpListener('127.0.0.1');
    await live.tcpListener('::1');
    await live.tcpListener('::');
    const target = await live.udp('udp4', '127.0.0.1');
    await live.udp('udp6', '::1');
    await live.udp('udp4', '127.0.0.1', target.address());
    await live.tcpPair('127.0.0.1', '127.0.0.1');
    await live.tcpPair('::', '127.0.0.1'); // the accepted end is v4-mapped IPv6

    const procfs = mine(await new ProcfsSource().snapshot());
    const si = mine(await new SysteminformationSource({ withProcesses: false }).snapshot());
    const ss = ssRows(process.pid);

    assert.ok(procfs.length >= live.expected.length, `procfs saw ${procfs.length} of ${live.expected.length}`);
    assert.deepEqual(procfs, ss, 'procfs vs ss');
    // netstat (systeminformation's Linux backend) filters rows by a state
    // word, and an unconnected UDP socket has none: those are absent there.
    assert.deepEqual(si, procfs.filter((s) => !s.startsWith('udp BOUND')), 'systeminformation vs procfs');
  });
});
