import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultReservationRoot } from '../../../../src/engine/ports/reservationDir';
import { Fixtures } from './_allocatorFixtures';

describe('reservation directory', () => {
  const fixtures = new Fixtures();
  afterEach(() => fixtures.cleanup());

  it('is /run/user/<uid>/port-zero when that directory is the user\'s own, else the shared fallback, whatever XDG_RUNTIME_DIR says', () => {
    const tmp = path.dirname(fixtures.tempRoot());
    const runUser = path.join(tmp, 'run-user');
    const mine = path.join(runUser, String(process.getuid!()));
    const shared = path.join(tmp, `port-zero-${process.getuid!()}`);
    const saved = process.env.XDG_RUNTIME_DIR;
    process.env.XDG_RUNTIME_DIR = tmp;
    try {
      assert.equal(defaultReservationRoot(runUser, tmp), shared, 'no /run/user/<uid>');
      fs.mkdirSync(mine, { recursive: true, mode: 0o700 });
      assert.equal(defaultReservationRoot(runUser, tmp), path.join(mine, 'port-zero'));
      fs.chownSync(mine, 65534, 65534);
      assert.equal(defaultReservationRoot(runUser, tmp), shared, 'another user\'s directory');
      fs.rmSync(mine, { recursive: true });
      fs.symlinkSync(tmp, mine);
      assert.equal(defaultReservationRoot(runUser, tmp), shared, 'a link');
    } finally {
      if (saved === undefined) delete process.env.XDG_RUNTIME_DIR;
      else process.env.XDG_RUNTIME_DIR = saved;
    }
  });
});
