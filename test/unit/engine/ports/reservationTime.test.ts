import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_RESERVATION_MS } from '../../../../src/engine/ports/allocator';
import { MAX_RESERVATION_SECONDS, MIN_RESERVATION_SECONDS, parseReservationSeconds } from '../../../../src/engine/ports/reservationTime';

describe('parseReservationSeconds', () => {
  it('takes seconds from 1 to 86400, fractions included, as milliseconds', () => {
    assert.deepEqual(parseReservationSeconds(1), { reservationMs: 1000 });
    assert.deepEqual(parseReservationSeconds(2.5), { reservationMs: 2500 });
    assert.deepEqual(parseReservationSeconds(86400), { reservationMs: 86_400_000 });
  });

  it('uses the default without a word when unset', () => {
    assert.deepEqual(parseReservationSeconds(undefined), { reservationMs: DEFAULT_RESERVATION_MS });
  });

  it('uses the default and names the setting and the rule for a value out of bounds or not a number', () => {
    for (const value of [0, -5, 0.5, 86401, 100000, '60', true]) {
      const { reservationMs, error } = parseReservationSeconds(value);
      assert.equal(reservationMs, DEFAULT_RESERVATION_MS, String(value));
      assert.equal(error, `portZero.reservationSeconds must be a number of seconds from 1 to 86400, not ${JSON.stringify(value)}.`);
    }
  });

  it("matches package.json's minimum and maximum, which the Settings editor checks as you type", () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', '..', 'package.json'), 'utf8'));
    const schema = manifest.contributes.configuration.properties['portZero.reservationSeconds'];
    assert.deepEqual([schema.minimum, schema.maximum], [MIN_RESERVATION_SECONDS, MAX_RESERVATION_SECONDS]);
  });
});
