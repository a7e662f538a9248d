import * as assert from 'node:assert/strict';
import { portsInUse } from '../../../../src/engine/launch/portInUse';

describe('portsInUse', () => {
  it("reads the port from Node's EADDRINUSE, with colours and on any address", () => {
    assert.deepEqual(portsInUse('\x1b[31mError: listen EADDRINUSE: address already in use :::3000\x1b[39m\r\n    at Server.setupListenHandle'), [3000]);
    assert.deepEqual(portsInUse('Error: listen EADDRINUSE: address already in use 127.0.0.1:5173\n'), [5173]);
  });

  it('reads "Port 3000 is in use" and "port … already in use"', () => {
    assert.deepEqual(portsInUse('Port 3000 is in use, trying another one...'), [3000]);
    assert.deepEqual(portsInUse('Error: Port 8080 is already in use'), [8080]);
  });

  it('takes the command line\'s numbers when the message names no port (Python, Windows)', () => {
    assert.deepEqual(portsInUse('OSError: [Errno 98] Address already in use', 'python3 -m http.server 8000 --bind 127.0.0.1'), [8000]);
    assert.deepEqual(portsInUse('OSError: [WinError 10048] Only one usage of each socket address (protocol/network address/port) is normally permitted', 'uvicorn app:app --port=8001'), [8001]);
  });

  it('says nothing of output that does not mention a taken port', () => {
    assert.equal(portsInUse('Server listening on :3000\nready in 300 ms', 'npm run dev'), undefined);
  });
});
