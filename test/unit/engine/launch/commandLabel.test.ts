import * as assert from 'node:assert/strict';
import { commandLabel } from '../../../../src/engine/launch/commandLabel';

describe('commandLabel', () => {
  it('drops quotes and cuts absolute paths to their last part', () => {
    assert.equal(commandLabel('"/usr/bin/node" "/work/app/server.js" --port ${port}'), 'node server.js --port ${port}');
    assert.equal(commandLabel("npm run dev -- --host '127.0.0.1'"), 'npm run dev -- --host 127.0.0.1');
  });

  it('keeps the quotes of a word that would read differently without them', () => {
    assert.equal(commandLabel(`sh -c "echo 'a; b'; exec node s.js"`), `sh -c "echo 'a; b'; exec node s.js"`);
    assert.equal(commandLabel(`node "/w/my app/server.js"`), `node "/w/my app/server.js"`);
  });

  it('keeps relative paths and ellipsises long lines', () => {
    assert.equal(commandLabel('node ./src/server.js'), 'node ./src/server.js');
    const long = commandLabel(`python -m http.server ${'x'.repeat(80)}`);
    assert.equal(long.length, 48);
    assert.ok(long.endsWith('…'));
  });

  it('gives the empty label for an empty line', () => {
    assert.equal(commandLabel('   '), '');
  });
});
