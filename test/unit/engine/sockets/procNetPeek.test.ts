import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inodeAt, scanRows, stateAt } from '../../../../src/engine/sockets/procNetPeek';
import { parseProcNet } from '../../../../src/engine/sockets/procNetParser';
import { LiveSockets } from './_liveSockets';

const FIXTURES = path.resolve(__dirname, '../../../../../test/fixtures/proc');
const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const LISTEN = '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0\n';
const TIME_WAIT = '   1: 0100007F:1F90 0100007F:C350 06 00000000:00000000 03:00001000 00000000     0        0 0 3 0000000000000000\n';

function lines(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (let start = 0; start < text.length;) {
    const end = text.indexOf('\n', start);
    out.push([start, end]);
    start = end + 1;
  }
  return out;
}

describe('procNetPeek', () => {
  it('reads the state and inode of every row of the captured tables as the full parser does', () => {
    for (const [name, family] of [['tcp.captured', 4], ['tcp6.captured', 6], ['udp.captured', 4], ['udp6.captured', 6]] as const) {
      const buf = fs.readFileSync(path.join(FIXTURES, name));
      const text = buf.toString('latin1');
      const peeked = lines(text).slice(1).map(([s, e]) => `${stateAt(buf, s, e, family === 6)}/${inodeAt(buf, s, e, family === 6)}`);
      const parsed = parseProcNet(buf, buf.length, name.startsWith('udp') ? 'udp' : 'tcp', family).rows;
      assert.equal(peeked.length, parsed.length, name);
      parsed.forEach((row, i) => assert.equal(Number(peeked[i].split('/')[1]), row.inode, `${name} row ${i}`));
      assert.ok(peeked.every((p) => !p.startsWith('-1')), name);
    }
  });

  it('answers -1 for a row without the kernel\'s shape, so the full parser judges it', () => {
    const buf = Buffer.from(' 1: 0100007F:1F91\n');
    assert.deepEqual([stateAt(buf, 0, buf.length - 1, false), inodeAt(buf, 0, buf.length - 1, false)], [-1, -1]);
  });

  it('walks complete rows across reads and stops before or after the row that says so', () => {
    const text = Buffer.from(HEADER + LISTEN + LISTEN + TIME_WAIT + LISTEN);
    const untilConnection = (buf: Uint8Array, start: number, end: number): 'next' | 'stopBefore' => (stateAt(buf, start, end, false) === 0x0a ? 'next' : 'stopBefore');
    const partial = HEADER.length + LISTEN.length + 10;
    const first = scanRows(text, 0, partial, untilConnection);
    assert.deepEqual(first, { next: HEADER.length + LISTEN.length, end: -1 });
    assert.deepEqual(scanRows(text, first.next, text.length, untilConnection).end, HEADER.length + 2 * LISTEN.length);
    const after = scanRows(text, 0, text.length, (buf, start, end) => (inodeAt(buf, start, end, false) === 0 ? 'stopAfter' : 'next'));
    assert.equal(after.end, HEADER.length + 2 * LISTEN.length + TIME_WAIT.length);
  });

  it('finds every listener of the live TCP tables before their first other row (the kernel order the early stop relies on)', async () => {
    const live = new LiveSockets();
    try {
      await live.tcpListener('127.0.0.1');
      await live.tcpPair('127.0.0.1', '127.0.0.1');
      await live.tcpListener('::1');
      await live.tcpPair('::1', '::1');
      for (const [file, ipv6] of [['/proc/net/tcp', false], ['/proc/net/tcp6', true]] as const) {
        const buf = fs.readFileSync(file);
        const states = lines(buf.toString('latin1')).slice(1).map(([s, e]) => stateAt(buf, s, e, ipv6));
        const firstOther = states.findIndex((code) => code !== 0x0a);
        assert.ok(firstOther >= 1, `${file}: no listener before the first connection`);
        assert.equal(states.slice(firstOther).filter((code) => code === 0x0a).length, 0, `${file}: a listener after a connection`);
      }
    } finally {
      live.closeAll();
    }
  });
});
