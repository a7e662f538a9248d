import * as assert from 'node:assert/strict';
import { OutputTail } from '../../../../src/engine/launch/outputTail';

describe('OutputTail', () => {
  it('keeps only the last N lines, the unterminated one included', () => {
    const tail = new OutputTail(3);
    tail.push(Buffer.from('one\ntwo\r\nthree\nfour\nfi'));
    tail.push(Buffer.from('ve'));
    assert.deepEqual(tail.lastLines(), ['three', 'four', 'five']);
  });

  it('joins a UTF-8 character split across chunks and keeps streams apart', () => {
    const tail = new OutputTail();
    const bytes = Buffer.from('café\n');
    tail.push(bytes.subarray(0, 4), 'stdout');
    tail.push(Buffer.from('err\n'), 'stderr');
    tail.push(bytes.subarray(4), 'stdout');
    assert.deepEqual(tail.lastLines(), ['err', 'café']);
  });

  it('strips colour and hyperlink escapes from the lines it gives back', () => {
    const tail = new OutputTail();
    tail.push(Buffer.from('\x1b[31mError\x1b[39m: \x1b]8;;file:///a\x07a.js\x1b]8;;\x07 broke\n'));
    assert.deepEqual(tail.lastLines(), ['Error: a.js broke']);
  });
});
