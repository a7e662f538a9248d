import * as assert from 'node:assert/strict';
import { createSocketSource } from '../../../../src/engine/sockets/createSocketSource';
import { ProcfsSource } from '../../../../src/engine/sockets/procfsSource';
import { SysteminformationSource } from '../../../../src/engine/sockets/systeminformationSource';
import { WorkerSocketSource } from '../../../../src/engine/sockets/workerSource';

describe('createSocketSource', () => {
  it('reads procfs on Linux, on a worker thread unless asked not to, and asks systeminformation elsewhere when left to choose', () => {
    assert.ok(createSocketSource({ platform: 'linux' }) instanceof WorkerSocketSource);
    assert.ok(createSocketSource({ engine: 'procfs', platform: 'linux', inThread: true }) instanceof ProcfsSource);
    assert.ok(createSocketSource({ engine: 'auto', platform: 'darwin' }) instanceof SysteminformationSource);
    assert.ok(createSocketSource({ platform: 'win32' }) instanceof SysteminformationSource);
  });

  it('uses systeminformation on Linux when asked', () => {
    assert.ok(createSocketSource({ engine: 'systeminformation', platform: 'linux' }) instanceof SysteminformationSource);
  });

  it('refuses procfs where there is none', () => {
    assert.throws(() => createSocketSource({ engine: 'procfs', platform: 'darwin' }), /needs Linux/);
  });
});
