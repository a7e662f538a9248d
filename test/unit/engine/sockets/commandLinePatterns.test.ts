import * as assert from 'node:assert/strict';
import { CommandLinePatterns, MAX_TESTED_CHARS } from '../../../../src/engine/sockets/commandLinePatterns';
import { parsePortsAttributes } from '../../../../src/engine/sockets/portsAttributes';
import { WebAddresses } from '../../../../src/engine/sockets/webAddresses';
import { TlsProbes } from '../../../../src/engine/sockets/tlsProbe';
import { processOf, tcp } from '../view/socketView.fixtures';

/** A pattern that counts how often it is run (RegExp.prototype.test calls exec). */
class Counted extends RegExp {
  runs = 0;
  override exec(text: string): RegExpExecArray | null {
    this.runs++;
    return super.exec(text);
  }
}

/** An ordinary dev server's command line: 117 characters, on which the catastrophic pattern does not return in 20 s. */
const VITE = 'node /home/dev/projects/shop-frontend/node_modules/.bin/vite --host 127.0.0.1 --port 5173 --strictPort --mode development';
const CATASTROPHIC = '^(\\S+\\s?)+\\u0000$';

describe('remote.portsAttributes command-line patterns', () => {
  it('tests a pattern once per process (pid and start time), however often its rows are drawn', () => {
    const patterns = new CommandLinePatterns();
    const vite = new Counted('vite');
    const process = processOf(42, 'node', { commandLine: VITE });
    for (let i = 0; i < 5; i++) assert.equal(patterns.test(vite, process, VITE), true);
    assert.equal(vite.runs, 1);
    assert.equal(patterns.test(vite, processOf(42, 'node', { startTime: 421 }), VITE), true, 'a reused pid is a new process');
    assert.equal(patterns.test(vite, processOf(43, 'node'), VITE), true);
    assert.equal(vite.runs, 3);
    assert.equal(patterns.test(vite, process, 'python3 -m http.server'), false, 'a process that exec\'d is tested again');
    assert.equal(vite.runs, 4);
  });

  it('tests only the first 4096 characters of a command line', () => {
    const patterns = new CommandLinePatterns();
    const classpath = `java -cp ${'lib/a.jar:'.repeat(8000)} com.example.Server`;
    assert.equal(patterns.test(/^java -cp/, processOf(1, 'java'), classpath), true);
    assert.equal(patterns.test(/com\.example\.Server/, processOf(1, 'java'), classpath), false);
    assert.ok(classpath.length > MAX_TESTED_CHARS);
  });

  it('drops a pattern that overruns its budget, says so once naming it, and answers at once from then on', () => {
    const dropped: string[] = [];
    const patterns = new CommandLinePatterns((pattern) => dropped.push(pattern.source), 50);
    const catastrophic = new RegExp(CATASTROPHIC);
    const started = performance.now();
    assert.equal(patterns.test(catastrophic, processOf(1, 'node'), VITE), false);
    assert.equal(patterns.test(catastrophic, processOf(2, 'node'), VITE), false);
    // Interrupted, not finished: this pattern on this line runs for far longer than a minute.
    assert.ok(performance.now() - started < 5_000, `${performance.now() - started} ms`);
    assert.deepEqual(dropped, [CATASTROPHIC]);
    assert.equal(patterns.test(/vite/, processOf(1, 'node'), VITE), true, 'the other patterns still work');
  });

  it('labels the rest of the table while a catastrophic pattern is in the setting', () => {
    const web = new WebAddresses(new TlsProbes(), new CommandLinePatterns(undefined, 50));
    web.setRules(parsePortsAttributes({ [CATASTROPHIC]: { label: 'never' }, 5173: { label: 'Vite' } }));
    const process = processOf(42, 'node', { commandLine: VITE });
    assert.equal(web.labelOf(tcp('127.0.0.1', 5173, { pid: 42 }), process), 'Vite');
    assert.equal(web.labelOf(tcp('127.0.0.1', 5174, { pid: 42 }), process), undefined);
  });
});
