import * as assert from 'node:assert/strict';
import { printable } from '../../../../src/engine/proc/printable';

describe('printable', () => {
  it('escapes C0 and C1 control characters as ps and ss print them, and leaves every other character as it is', () => {
    assert.equal(printable('node\x1b]8;;https://evil\x07srv\x1b]8;;\x07 a\nb\rc\td'), 'node\\x1b]8;;https://evil\\x07srv\\x1b]8;;\\x07 a\\nb\\rc\\td');
    assert.equal(printable('\x00\x7f\x85\x9b2J'), '\\x00\\x7f\\x85\\x9b2J');
    assert.equal(printable('vite --port 5173 — café 端口'), 'vite --port 5173 — café 端口');
  });
});
