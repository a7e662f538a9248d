import * as assert from 'node:assert/strict';
import { parseFreePortArgs } from '../../../../src/engine/ports/freePortArgs';

describe('parseFreePortArgs', () => {
  it('turns host, name and range into a request', () => {
    assert.deepEqual(parseFreePortArgs({ host: 'localhost', name: 'web', range: '20000-20100' }), {
      host: 'localhost',
      name: 'web',
      range: { first: 20000, last: 20100 },
    });
    assert.deepEqual(parseFreePortArgs({}), {});
    assert.deepEqual(parseFreePortArgs({ name: 'web', scope: 'user' }), { name: 'web', scope: 'user' });
    assert.deepEqual(parseFreePortArgs({ name: 'web', scope: 'workspace' }), { name: 'web', scope: 'workspace' });
    assert.deepEqual(parseFreePortArgs({ range: '' }), { range: undefined });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['a string instead of an object', 'web', /"args" must be an object/],
    ['null', null, /"args" must be an object/],
    ['an array', ['web'], /"args" must be an object/],
    ['an unknown key', { nmae: 'web' }, /unknown "nmae" in "args"; it takes "host", "name", "range", "scope"/],
    ['a host that is not a loopback or wildcard', { host: 'example.com' }, /"host" must be one of "127\.0\.0\.1", "::1", "0\.0\.0\.0", "::", "localhost"/],
    ['a host that is not a string', { host: 1 }, /"host" must be one of/],
    ['an empty name', { name: ' ' }, /"name" must be a non-empty string/],
    ['a numeric name', { name: 8080 }, /"name" must be a non-empty string/],
    ['a name too long for a file name', { name: 'x'.repeat(151) }, /at most 150 bytes/],
    ['a name with a control character', { name: 'web\u0007' }, /without control characters/],
    ['a reversed range', { range: '30000-20000' }, /"range" "30000-20000" is reversed/],
    ['a range that is not text', { range: 20000 }, /"range" must be a string/],
    ['an unknown scope', { name: 'web', scope: 'global' }, /"scope" must be "workspace" \(the default: a port of this workspace's own\) or "user" \(one port for every workspace\), not "global"/],
    ['a scope that is not text', { name: 'web', scope: 1 }, /"scope" must be "workspace" .* not 1\./],
    ['a scope without a name', { scope: 'user' }, /"scope" says whose a "name" is: add a "name" like "web", or remove "scope"/],
  ];
  for (const [what, args, message] of bad) {
    it(`refuses ${what} with a message saying what to fix`, () => {
      assert.throws(() => parseFreePortArgs(args), (e: Error) => message.test(e.message) && e.message.startsWith('Port Zero freePort:'));
    });
  }
});
