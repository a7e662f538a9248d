import * as assert from 'node:assert/strict';
import { portInUse, tellingLine } from '../../../../src/engine/launch/failureCause';

const vite = [
  'error when starting dev server:',
  'Error: Found another Vite dev process for this project (PID 10179)',
  '    at lock (file:///w/node_modules/vite/dist/node/chunks/dep.js:1:2)',
  '    at async configureServer (file:///w/node_modules/vite/dist/node/chunks/dep.js:3:4) {',
  "  plugin: 'vite:command-lock',",
  "  hook: 'configureServer'",
  '}',
];
const python = [
  'Traceback (most recent call last):',
  '  File "/usr/lib/python3.11/runpy.py", line 198, in _run_module_as_main',
  '    return _run_code(code, main_globals, None,',
  '  File "/usr/lib/python3.11/socketserver.py", line 473, in server_bind',
  '    self.socket.bind(self.server_address)',
  'OSError: [Errno 98] Address already in use',
];

describe('failureCause', () => {
  it('quotes the line that states the error, not the stack or the object dump after it', () => {
    assert.equal(tellingLine(vite), 'Error: Found another Vite dev process for this project (PID 10179)');
    assert.equal(tellingLine(python), 'OSError: [Errno 98] Address already in use');
  });

  it('falls back to a line that mentions a failure, then to the last line', () => {
    assert.equal(tellingLine(['starting', 'could not read config.yml', 'bye']), 'could not read config.yml');
    assert.equal(tellingLine(['starting', 'bye', '']), 'bye');
    assert.equal(tellingLine([]), undefined);
  });

  it('finds the port a server says is taken, in its words or in the command line', () => {
    assert.deepEqual(portInUse(['Error: listen EADDRINUSE: address already in use 127.0.0.1:5173'], 'node s.js'), { port: 5173 });
    assert.deepEqual(portInUse(['Port 5173 is in use, trying another one...'], 'vite'), { port: 5173 });
    assert.deepEqual(portInUse(python, 'python3 -m http.server 5173'), { port: 5173 });
    assert.deepEqual(portInUse(python, 'python3 -m http.server'), { port: undefined });
    assert.equal(portInUse(vite, 'vite'), undefined);
  });
});
