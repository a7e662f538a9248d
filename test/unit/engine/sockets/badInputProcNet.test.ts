// The bad-input catalogue (docs/bad-input.md): /proc/net text the parser must survive.
import * as assert from 'node:assert/strict';
import { parseProcNet } from '../../../../src/engine/sockets/procNetParser';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const GOOD = '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0\n';

function parse(text: string, listenersOnly = false): { ports: number[]; skipped: number } {
  const { rows, skipped } = parseProcNet(Buffer.from(text), Buffer.byteLength(text), 'tcp', 4, { listenersOnly });
  return { ports: rows.map((r) => r.local.port), skipped };
}

describe('Bad input: malformed /proc/net text', () => {
  const garbled: Array<[string, string]> = [
    ['a row cut short after the local address', '   1: 0100007F:1F91\n'],
    ['non-hex digits in an address', '   1: 01000G7F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 43 1\n'],
    ['a state that is not hex', '   1: 0100007F:1F91 00000000:0000 ZZ 00000000:00000000 00:00000000 00000000  1000        0 43 1\n'],
    ['binary noise', '\u0000\u0001\u00ff\u00fe garbage ::: \n'],
  ];
  for (const [what, line] of garbled) {
    for (const listenersOnly of [false, true]) {
      it(`skips ${what}, counts it, and keeps the good rows around it${listenersOnly ? ' (listeners only)' : ''}`, () => {
        const { ports, skipped } = parse(`${HEADER}${GOOD}${line}${GOOD.replace('1F90', '1F92')}`, listenersOnly);
        assert.deepEqual(ports, [8080, 8082]);
        assert.ok(skipped >= 1, `skipped ${skipped}`);
      });
    }
  }

  it('passes over an empty line between rows', () => {
    assert.deepEqual(parse(`${HEADER}${GOOD}\n${GOOD.replace('1F90', '1F92')}`).ports, [8080, 8082]);
  });

  it('keeps a last row without its newline (a read that ended mid-table)', () => {
    assert.deepEqual(parse(`${HEADER}${GOOD.trimEnd()}`).ports, [8080]);
  });
});
