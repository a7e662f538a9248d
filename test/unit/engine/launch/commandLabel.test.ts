import * as assert from 'node:assert/strict';
import { commandLabel } from '../../../../src/engine/launch/commandLabel';

describe('commandLabel', () => {
  it('names a typed command by the program it runs, not by the whole line', () => {
    assert.equal(commandLabel('npx http-server -p ${port} .'), 'http-server');
    assert.equal(commandLabel('npx --yes serve -l $PORT'), 'serve');
    assert.equal(commandLabel('PORT=1 HOST=x exec /usr/local/bin/caddy run'), 'caddy');
  });

  it('names a script run by an interpreter by its script or module', () => {
    assert.equal(commandLabel('"/usr/bin/node" "/work/app/server.js" --port ${port}'), 'server.js');
    assert.equal(commandLabel('python3 -m http.server 5173'), 'http.server');
    assert.equal(commandLabel('deno run -A main.ts'), 'main.ts');
  });

  it('names a package-manager run by its script', () => {
    assert.equal(commandLabel("npm run dev -- --host '127.0.0.1'"), 'dev');
    assert.equal(commandLabel('yarn start'), 'start');
    assert.equal(commandLabel('pnpm dlx vite'), 'vite');
  });

  it('ellipsises a long name and gives the empty name for an empty line', () => {
    const long = commandLabel(`${'x'.repeat(80)} --flag`);
    assert.equal(long.length, 32);
    assert.ok(long.endsWith('…'));
    assert.equal(commandLabel('   '), '');
  });
});
