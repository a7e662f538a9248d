import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePortRange, randomOrder } from '../../../../src/engine/ports/portRange';

describe('parsePortRange', () => {
  it('reads "first-last", allowing spaces around the parts', () => {
    assert.deepEqual(parsePortRange('20000-29999'), { range: { first: 20000, last: 29999 } });
    assert.deepEqual(parsePortRange('  20000 - 20010 '), { range: { first: 20000, last: 20010 } });
  });

  it('treats unset, empty and blank as "let the kernel choose" without an error', () => {
    for (const value of [undefined, null, '', '   ']) assert.deepEqual(parsePortRange(value), {});
  });

  const bad: Array<[unknown, RegExp]> = [
    ['abc', /not a range of port numbers/],
    ['70000-80000', /within 1-65535/],
    ['0-100', /within 1-65535/],
    ['29999-20000', /reversed/],
    ['20000', /single port/],
    ['20000-20000', /single port/],
    ['20000-', /not a range/],
    ['-20000', /not a range/],
    ['20000-29999-30000', /not a range/],
    ['2e4-3e4', /not a range/],
    [20000, /must be a string/],
  ];
  for (const [value, why] of bad) {
    it(`rejects ${JSON.stringify(value)} with a message naming the setting and an example`, () => {
      const parsed = parsePortRange(value);
      assert.equal(parsed.range, undefined);
      assert.match(parsed.error ?? '', why);
      assert.match(parsed.error ?? '', /portZero\.portRange/);
      assert.match(parsed.error ?? '', /20000-29999/);
    });
  }
});

describe('randomOrder', () => {
  it('yields every port of the range exactly once', () => {
    const ports = [...randomOrder({ first: 30000, last: 30999 })];
    assert.equal(ports.length, 1000);
    assert.deepEqual([...ports].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => 30000 + i));
  });

  it('does not yield the range in ascending order', () => {
    const ports = [...randomOrder({ first: 30000, last: 30099 })];
    assert.notDeepEqual(ports, [...ports].sort((a, b) => a - b));
  });
});

describe("portZero.portRange's pattern in package.json (the Settings editor's check as you type)", () => {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', '..', 'package.json'), 'utf8'));
  const pattern = new RegExp(manifest.contributes.configuration.properties['portZero.portRange'].pattern);

  it('accepts everything parsePortRange accepts: ranges, with spaces, and blank', () => {
    for (const value of ['20000-29999', '  20000 - 20010 ', '1-65535', '', '   ']) {
      assert.equal(parsePortRange(value).error, undefined, value);
      assert.ok(pattern.test(value), `the pattern rejects ${JSON.stringify(value)}, which Port Zero accepts`);
    }
  });

  it('rejects what is not "first-last" at all; out-of-range and reversed numbers are left to the warning', () => {
    for (const value of ['abc', '20000', '20000-', '-20000', '2e4-3e4', '20000-29999-30000']) {
      assert.ok(!pattern.test(value), `the pattern accepts ${JSON.stringify(value)}`);
    }
  });
});
