import * as assert from 'node:assert/strict';
import { runLs } from '../../../src/cli/lsCommand';
import { ipv4Endpoint, ipv6Endpoint } from '../../../src/engine/sockets/address';
import type { Snapshot, Socket } from '../../../src/engine/sockets/socket';

const loopback6 = [0, 0, 0, 0, 0, 0, 0, 1];
const sockets: Socket[] = [
  { id: 'a', protocol: 'tcp', family: 4, state: 'LISTEN', local: ipv4Endpoint(0x7f000001, 5173), pid: 41, uid: 1000 },
  { id: 'b', protocol: 'tcp', family: 6, state: 'LISTEN', local: ipv6Endpoint(loopback6, 3000) },
  { id: 'c', protocol: 'tcp', family: 4, state: 'ESTABLISHED', local: ipv4Endpoint(0x7f000001, 53422), peer: ipv4Endpoint(0x7f000001, 5173), pid: 42 },
];
const snapshot: Snapshot = { takenAt: 0, sockets, skippedLines: 0, processes: new Map([[41, { pid: 41, name: 'node', commandLine: 'node vite' }], [42, { pid: 42, name: 'curl' }]]) };
const source = { snapshot: async () => snapshot, socketsOfTree: async () => snapshot };

describe('port-zero ls', () => {
  it('prints listeners in port order with their process, as the Ports view words them', async () => {
    const result = await runLs({ command: 'ls', all: false, json: false }, source);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, [
      'STATE       LOCAL           PID  PROCESS',
      'LISTEN tcp  [::1]:3000      -    -',
      'LISTEN tcp  127.0.0.1:5173  41   node vite',
      '',
    ].join('\n'));
  });

  it('adds connections with --all, matched by local or peer port', async () => {
    const result = await runLs({ command: 'ls', all: true, json: true, port: 5173 }, source);
    assert.deepEqual(JSON.parse(result.stdout ?? ''), [
      { protocol: 'tcp', family: 4, state: 'LISTEN', local: { address: '127.0.0.1', port: 5173 }, pid: 41, uid: 1000, process: { name: 'node', commandLine: 'node vite' } },
      { protocol: 'tcp', family: 4, state: 'ESTABLISHED', local: { address: '127.0.0.1', port: 53422 }, peer: { address: '127.0.0.1', port: 5173 }, pid: 42, process: { name: 'curl' } },
    ].sort((a, b) => a.local.port - b.local.port));
  });

  it('ends with 1 when nothing matches: [] for scripts, a hint for people', async () => {
    assert.deepEqual(await runLs({ command: 'ls', all: false, json: true, port: 9 }, source), { code: 1, stdout: '[]\n' });
    const text = await runLs({ command: 'ls', all: false, json: false, port: 53422 }, source);
    assert.equal(text.code, 1);
    assert.equal(text.stderr, 'port-zero: no listening socket on port 53422. port-zero ls --all shows connections too.\n');
  });

  it('escapes the control characters of a command line in the table, so it can neither link, retitle nor move the cursor', async () => {
    const hostile: Snapshot = { ...snapshot, processes: new Map([[41, { pid: 41, name: 'node', commandLine: 'node \x1b]0;pwned\x07srv.js\x1b[2A\nfake row' }]]) };
    const result = await runLs({ command: 'ls', all: false, json: false }, { snapshot: async () => hostile, socketsOfTree: async () => hostile });
    assert.match(result.stdout ?? '', /node \\x1b\]0;pwned\\x07srv\.js\\x1b\[2A\\nfake row\n/);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(result.stdout ?? '', /[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  });
});
