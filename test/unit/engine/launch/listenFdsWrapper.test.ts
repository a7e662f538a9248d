import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { wrapForListenFds } from '../../../../src/engine/launch/listenFdsWrapper';

const PREFIX = 'LISTEN_PID=$$; export LISTEN_PID; ';
const reportPid = `${JSON.stringify(process.execPath)} -e "console.log(process.pid === Number(process.env.LISTEN_PID), process.env.FOO)"`;

describe('wrapForListenFds', () => {
  it('execs a simple command so it keeps the pid LISTEN_PID names', () => {
    assert.equal(wrapForListenFds('node server.js --port 3'), `${PREFIX}exec node server.js --port 3`);
    assert.equal(execFileSync('/bin/sh', ['-c', wrapForListenFds(reportPid)], { encoding: 'utf8' }), 'true undefined\n');
  });

  it('keeps leading assignments in front of exec', () => {
    assert.equal(wrapForListenFds('FOO="a b" node s.js'), `${PREFIX}FOO="a b" exec node s.js`);
    assert.equal(execFileSync('/bin/sh', ['-c', wrapForListenFds(`FOO="a b" ${reportPid}`)], { encoding: 'utf8' }), 'true a b\n');
  });

  it('treats operators inside quotes as part of a simple command', () => {
    assert.equal(wrapForListenFds(`node -e 'a && b; c | d'`), `${PREFIX}exec node -e 'a && b; c | d'`);
  });

  it('leaves compound lines and lines that already exec unchanged after the prefix', () => {
    for (const line of ['cd web && node s.js', 'npm run build; node s.js', 'node s.js | tee log', 'node $(which s)', 'exec node s.js', 'if true; then node s.js; fi', 'FOO=1']) {
      assert.equal(wrapForListenFds(line), PREFIX + line, line);
    }
  });
});
