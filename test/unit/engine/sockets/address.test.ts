import * as assert from 'node:assert/strict';
import { compressIpv6, formatEndpoint, parseEndpoint, parseIpv6 } from '../../../../src/engine/sockets/address';

describe('address formatting', () => {
  it('compresses IPv6 per RFC 5952: longest zero run, first on a tie, no single-group ::, lowercase', () => {
    assert.equal(compressIpv6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]), '2001:db8::1');
    assert.equal(compressIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]), '2001:db8::1:0:0:1');
    assert.equal(compressIpv6([0x2001, 0, 0, 1, 0, 0, 0, 1]), '2001:0:0:1::1');
    assert.equal(compressIpv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1]), '2001:db8:0:1:1:1:1:1');
    assert.equal(compressIpv6([0xfe80, 0, 0, 0, 0xabcd, 0, 0, 0]), 'fe80::abcd:0:0:0');
    assert.equal(compressIpv6([0, 0, 0, 0, 0, 0, 0, 0]), '::');
    assert.equal(compressIpv6([0, 0, 0, 0, 0, 0, 0, 1]), '::1');
  });

  it('brackets IPv6 endpoints and leaves IPv4 bare', () => {
    assert.equal(formatEndpoint({ address: '::1', port: 3000 }), '[::1]:3000');
    assert.equal(formatEndpoint({ address: '127.0.0.1', port: 3000 }), '127.0.0.1:3000');
  });

  it('normalises tool output: brackets, *, zone ids, uncompressed and v4-mapped forms', () => {
    assert.deepEqual(parseEndpoint('[::]', 80, 6), { address: '::', port: 80, wildcard: true, loopback: false, dualStack: true });
    assert.deepEqual(parseEndpoint('*', 80, 4), { address: '0.0.0.0', port: 80, wildcard: true, loopback: false, dualStack: false });
    assert.equal(parseEndpoint('fe80::1%eth0', 1, 6)?.address, 'fe80::1');
    assert.equal(parseEndpoint('2001:0DB8:0000:0000:0000:0000:0000:0001', 1, 6)?.address, '2001:db8::1');
    assert.deepEqual(parseEndpoint('::ffff:127.0.0.1', 8080, 6), {
      address: '127.0.0.1', port: 8080, wildcard: false, loopback: true, dualStack: true,
    });
  });

  it('keeps wildcards distinct from loopback', () => {
    const any4 = parseEndpoint('0.0.0.0', 1, 4)!;
    const lo4 = parseEndpoint('127.0.0.53', 1, 4)!;
    const lo6 = parseEndpoint('::1', 1, 6)!;
    assert.deepEqual([any4.wildcard, any4.loopback], [true, false]);
    assert.deepEqual([lo4.wildcard, lo4.loopback], [false, true]);
    assert.deepEqual([lo6.wildcard, lo6.loopback, lo6.dualStack], [false, true, false]);
  });

  it('rejects text that is not an address', () => {
    for (const bad of ['1:2:3', '1::2::3', '256.1.1.1', 'localhost', '1:2:3:4:5:6:7:8:9', '::gggg']) {
      assert.equal(parseEndpoint(bad, 1, 6), undefined, bad);
    }
    assert.deepEqual(parseIpv6('1:2:3:4:5:6:1.2.3.4'), [1, 2, 3, 4, 5, 6, 0x102, 0x304]);
  });
});
