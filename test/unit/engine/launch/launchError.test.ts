import * as assert from 'node:assert/strict';
import { shellFailure } from '../../../../src/engine/launch/launchError';

describe('shellFailure', () => {
  it('names the missing command from dash and bash messages', () => {
    assert.equal(shellFailure(127, 'vitee --port 1', ['sh: 1: vitee: not found'])?.message, 'command not found: vitee');
    assert.equal(shellFailure(127, 'x', ['bash: line 1: pnmp: command not found'])?.message, 'command not found: pnmp');
  });

  it('falls back to the first word and keeps the last lines', () => {
    const error = shellFailure(127, '  ./serve.sh now', ['something else']);
    assert.equal(error?.kind, 'commandNotFound');
    assert.equal(error?.message, 'command not found: ./serve.sh');
    assert.deepEqual(error?.lastLines, ['something else']);
  });

  it('reports 126 as not executable and other codes as no shell failure', () => {
    assert.equal(shellFailure(126, './serve.sh', ['sh: 1: ./serve.sh: Permission denied'])?.kind, 'notExecutable');
    assert.equal(shellFailure(1, 'node s.js', []), undefined);
    assert.equal(shellFailure(null, 'node s.js', []), undefined);
  });
});
