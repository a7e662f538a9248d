import * as assert from 'node:assert/strict';
import { currentUser, ownershipOf } from '../../../../src/engine/proc/processOwner';

describe('ownershipOf', () => {
  const dev = { name: 'dev', uid: 501 };
  const arthu = { name: 'arthu', domain: 'LAPTOP-T6GHI3P2' };

  it('compares uids where both are known, whatever the names say', () => {
    assert.equal(ownershipOf({ uid: 501, user: 'someone' }, dev), 'own');
    assert.equal(ownershipOf({ uid: 0 }, dev), 'other');
  });

  it('compares the name ps lists on macOS and Linux, and a uid ps prints for a nameless account', () => {
    assert.equal(ownershipOf({ user: 'dev' }, dev), 'own');
    assert.equal(ownershipOf({ user: '_postgres' }, dev), 'other');
    assert.equal(ownershipOf({ user: 'Dev' }, dev), 'other');
    assert.equal(ownershipOf({ user: '501' }, dev), 'own');
    assert.equal(ownershipOf({ user: '502' }, dev), 'other');
  });

  it("says unknown for a name ps cut short that could be the user's", () => {
    assert.equal(ownershipOf({ user: 'averylongusernamethat+' }, { name: 'averylongusernamethatgoeson', uid: 1000 }), 'unknown');
    assert.equal(ownershipOf({ user: 'someoneelse+' }, { name: 'averylongusernamethatgoeson', uid: 1000 }), 'other');
  });

  it('compares DOMAIN\\name from tasklist case-insensitively with the user and USERDOMAIN', () => {
    assert.equal(ownershipOf({ user: 'LAPTOP-T6GHI3P2\\arthu' }, arthu), 'own');
    assert.equal(ownershipOf({ user: 'laptop-t6ghi3p2\\ARTHU' }, arthu), 'own');
    assert.equal(ownershipOf({ user: 'OTHERPC\\arthu' }, arthu), 'other');
    assert.equal(ownershipOf({ user: 'NT AUTHORITY\\SYSTEM' }, arthu), 'other');
  });

  it("says unknown where Windows won't tell (N/A), where nothing was listed, and for a name tasklist's code page garbled", () => {
    assert.equal(ownershipOf({ user: 'N/A' }, arthu), 'unknown');
    assert.equal(ownershipOf({}, arthu), 'unknown');
    assert.equal(ownershipOf({ user: 'LAPTOP-T6GHI3P2\\J\uFFFDr\uFFFDme' }, { name: 'Jérôme', domain: 'LAPTOP-T6GHI3P2' }), 'unknown');
  });

  it("says unknown for an owner without a domain: tasklist's N/A as a localised Windows words it", () => {
    assert.equal(ownershipOf({ user: 'Nicht zutreffend' }, arthu), 'unknown');
    assert.equal(ownershipOf({ user: 'Non applicable' }, arthu), 'unknown');
    assert.equal(ownershipOf({ user: 'arthu' }, arthu), 'own');
  });

  it('reads the current user with a uid on POSIX and a domain on Windows', () => {
    assert.equal(typeof currentUser('linux').uid, 'number');
    assert.deepEqual(currentUser('win32', { USERDOMAIN: 'LAPTOP-T6GHI3P2' }), { name: currentUser('linux').name, domain: 'LAPTOP-T6GHI3P2' });
  });
});
