import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatEndpoint } from '../../../../src/engine/sockets/address';
import { parseProcNet, ProcNetRow } from '../../../../src/engine/sockets/procNetParser';
import { Family, Protocol } from '../../../../src/engine/sockets/socket';
import { key } from './_liveSockets';

const FIXTURES = path.resolve(__dirname, '../../../../../test/fixtures/proc');

function parseFixture(name: string, protocol: Protocol, family: Family): { rows: ProcNetRow[]; skipped: number } {
  const buf = fs.readFileSync(path.join(FIXTURES, name));
  return parseProcNet(buf, buf.length, protocol, family);
}

function brief(row: ProcNetRow): string {
  return `${row.protocol} ${row.state} ${formatEndpoint(row.local)}${row.peer ? ` ${formatEndpoint(row.peer)}` : ''}`;
}

describe('parseProcNet', () => {
  it('reads captured kernel tables as Node saw the same sockets (capture.mjs)', () => {
    const rows = [
      ...parseFixture('tcp.captured', 'tcp', 4).rows, ...parseFixture('tcp6.captured', 'tcp', 6).rows,
      ...parseFixture('udp.captured', 'udp', 4).rows, ...parseFixture('udp6.captured', 'udp', 6).rows,
    ].map(brief);
    const expected = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')) as {
      protocol: string; state: string; local: { address: string; port: number }; peer?: { address: string; port: number };
    }[];
    assert.ok(expected.length >= 10);
    for (const e of expected) {
      const want = `${e.protocol} ${e.state} ${key(e.local.address, e.local.port)}${e.peer ? ` ${key(e.peer.address, e.peer.port)}` : ''}`;
      assert.ok(rows.includes(want), `${want} not among\n${rows.join('\n')}`);
    }
  });

  it('names every TCP state 01..0C and leaves listeners without a peer', () => {
    const { rows, skipped } = parseFixture('tcp.crafted', 'tcp', 4);
    assert.deepEqual(rows.map((r) => r.state), [
      'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT',
      'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV',
    ]);
    assert.deepEqual(rows.map((r) => r.local.port), Array.from({ length: 12 }, (_, i) => 3000 + i));
    assert.equal(rows[9].peer, undefined);
    assert.equal(formatEndpoint(rows[0].peer!), '127.0.0.1:50000');
    assert.deepEqual([rows[0].uid, rows[0].inode, rows[0].id], [1000, 1000, 'tcp:1000']);
    assert.equal(skipped, 6, 'garbage, truncated, bad state, no inode, short hex, cut at EOF');
  });

  it('decodes IPv6 host-order words, compresses them, and shows v4-mapped as IPv4', () => {
    const { rows, skipped } = parseFixture('tcp6.crafted', 'tcp', 6);
    assert.deepEqual(rows.map(brief), [
      'tcp LISTEN [2001:db8::1]:443',
      'tcp LISTEN [2001:db8:0:1::1]:8080',
      'tcp ESTABLISHED 127.0.0.1:8080 127.0.0.1:50000',
    ]);
    assert.deepEqual([rows[2].family, rows[2].local.dualStack, rows[2].local.loopback], [6, true, true]);
    assert.equal(skipped, 1);
  });

  it('reports UDP as BOUND or CONNECTED', () => {
    const text = '  sl  local_address rem_address   st\n'
      + ' 1: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 77 2 0000000000000000 0\n'
      + ' 2: 0100007F:C000 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 78 2 0000000000000000 0\n';
    const { rows } = parseProcNet(Buffer.from(text), text.length, 'udp', 4);
    assert.deepEqual(rows.map(brief), ['udp BOUND 0.0.0.0:53', 'udp CONNECTED 127.0.0.1:49152 127.0.0.1:53']);
    assert.equal(rows[0].local.wildcard, true);
  });

  it('identifies inode-less TIME_WAIT sockets by their 4-tuple', () => {
    const text = 'header\n 0: 0100007F:1F90 0100007F:C350 06 00000000:00000000 03:00001000 00000000     0        0 0 3 0000000000000000\n';
    const [row] = parseProcNet(Buffer.from(text), text.length, 'tcp', 4).rows;
    assert.equal(row.id, 'tcp4:127.0.0.1:8080>127.0.0.1:50000');
  });

  it('parses only the first `length` bytes of a reused buffer', () => {
    const line = ' 0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 42 1 0\n';
    const text = `header\n${line}${line.replace('42', '43')}`;
    const { rows, skipped } = parseProcNet(Buffer.from(text), text.length - line.length + 40, 'tcp', 4);
    assert.deepEqual([rows.length, skipped], [1, 1]);
  });

  it('keeps, for listeners only, exactly the listening and bound rows a full parse finds', () => {
    const tables: [string, Protocol, Family][] = [
      ['tcp.captured', 'tcp', 4], ['tcp6.captured', 'tcp', 6], ['udp.captured', 'udp', 4], ['udp6.captured', 'udp', 6],
      ['tcp.crafted', 'tcp', 4], ['tcp6.crafted', 'tcp', 6],
    ];
    let listeners = 0;
    for (const [name, protocol, family] of tables) {
      const buf = fs.readFileSync(path.join(FIXTURES, name));
      const all = parseProcNet(buf, buf.length, protocol, family).rows.filter((r) => r.state === 'LISTEN' || r.state === 'BOUND');
      const some = parseProcNet(buf, buf.length, protocol, family, { listenersOnly: true }).rows;
      assert.deepEqual(some, all, name);
      listeners += some.length;
    }
    assert.ok(listeners >= 5, `only ${listeners} listeners in the fixtures`);
  });

  it('passes over a connection row for listeners only even when its inode field is garbled', () => {
    const text = 'header\n'
      + ' 0: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 zz 3 0\n'
      + ' 1: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 44 1 0\n';
    assert.deepEqual(parseProcNet(Buffer.from(text), text.length, 'tcp', 4).skipped, 1);
    const { rows, skipped } = parseProcNet(Buffer.from(text), text.length, 'tcp', 4, { listenersOnly: true });
    assert.deepEqual([rows.map((r) => r.local.port), skipped], [[8081], 0]);
  });

  it('keeps only the rows of the inodes asked for, and still counts garbled rows', () => {
    const text = 'header\n'
      + ' 0: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 41 3 0\n'
      + ' 1: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 42 1 0\n'
      + ' 2: 0100007F:1F92\n';
    const { rows, skipped } = parseProcNet(Buffer.from(text), text.length, 'tcp', 4, { inodes: new Set([42, 43]) });
    assert.deepEqual([rows.map((r) => r.inode), skipped], [[42], 1]);
  });

  it('counts a lone or empty header without throwing', () => {
    assert.deepEqual(parseProcNet(Buffer.from('  sl  local_address\n'), 20, 'tcp', 4), { rows: [], skipped: 0 });
    assert.deepEqual(parseProcNet(Buffer.alloc(0), 0, 'tcp', 4), { rows: [], skipped: 0 });
  });
});
