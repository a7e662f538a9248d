import * as assert from 'node:assert/strict';
import { OWN_LINE_MARK, TerminalTextFilter } from '../../../../src/engine/launch/terminalText';

describe('TerminalTextFilter', () => {
  const filtered = (...chunks: string[]): string => {
    const filter = new TerminalTextFilter();
    return chunks.map((c) => filter.write(c)).join('');
  };

  it('keeps text, tabs, \\r, \\n, backspace and colours, even a colour split across chunks', () => {
    const text = 'a\tb\r\nc\bd \x1b[1;31mred\x1b[0m \x1b[38;2;255;0:0mrgb\x1b[m é ⠋';
    assert.equal(filtered(text), text);
    assert.equal(filtered('x\x1b', '[3', '2mgreen'), 'x\x1b[32mgreen');
  });

  it('drops what could move onto another line or change the terminal: cursor movement, reverse index, charsets, OSC, 8-bit CSI, other controls', () => {
    const fake = 'Port Zero: listening on http://127.0.0.1:1/';
    assert.equal(filtered(`\x1b[4A\r${fake}\n\x1b[3B`), `\r${fake}\n`);
    assert.equal(filtered(`\x1bM\x1bM\x1b7\x1b(0q\x1b8${fake}`), `q${fake}`);
    assert.equal(filtered(`\u009b4A${fake}\u0085\u008d`), fake);
    assert.equal(filtered('\x1b]0;title\x07\x1b]8;;https://x\x1b\\link\x1b]8;;\x1b\\'), 'link');
    assert.equal(filtered('\x1bP1$qm\x1b\\a\x00\x07\x0b\x0c\x0e\x7fb'), 'ab');
    assert.equal(filtered('\x1b[', '2J\x1b[H', 'x'), 'x');
    assert.equal(filtered('lone \x1b'), 'lone ');
  });

  it('never lets the mark of Port Zero\'s own lines through', () => {
    assert.equal(filtered(`ready${OWN_LINE_MARK}`), 'ready ');
    assert.ok(!filtered('a', OWN_LINE_MARK, 'b').includes(OWN_LINE_MARK));
  });

  it('drops an unfinished sequence longer than any colour instead of holding it', () => {
    const filter = new TerminalTextFilter();
    assert.equal(filter.write(`\x1b[${'1;'.repeat(100)}`), '');
    assert.equal(filter.write('mtext'), 'mtext');
  });
});
