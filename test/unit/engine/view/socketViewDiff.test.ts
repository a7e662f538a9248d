import * as assert from 'node:assert/strict';
import type { Snapshot, Socket } from '../../../../src/engine/sockets/socket';
import { buildSocketView } from '../../../../src/engine/view/socketView';
import { defaultSocketFilter, ViewContext } from '../../../../src/engine/view/viewNodes';
import { diffSocketViews } from '../../../../src/engine/view/socketViewDiff';
import { processOf, rescanned, snapshotOf, tcp } from './socketView.fixtures';

const ctx: ViewContext = { workspaceFolders: [], user: { name: 'dev', uid: 1000 }, platform: 'linux' };
const filter = { ...defaultSocketFilter, connections: true };
const view = (s: Snapshot) => buildSocketView(s, filter, [], ctx);

describe('diffSocketViews', () => {
  const a = processOf(1, 'alpha');
  const b = processOf(2, 'beta');
  const listener = tcp('127.0.0.1', 3000, { pid: 1 });
  const connection = tcp('127.0.0.1', 3000, { pid: 1, peer: ['127.0.0.1', 40000] });
  const base = snapshotOf([listener, connection, tcp('127.0.0.1', 4000, { pid: 2 })], [a, b]);

  it('refreshes the root the first time', () => {
    assert.deepEqual(diffSocketViews(undefined, view(base)), { root: true, changed: [] });
  });

  it('fires nothing when a fresh scan finds the same table', () => {
    assert.deepEqual(diffSocketViews(view(base), view(rescanned(base))), { root: false, changed: [] });
  });

  it('fires only the socket whose state changed', () => {
    const closing: Socket = { ...connection, state: 'CLOSE_WAIT' };
    const next = snapshotOf([listener, closing, base.sockets[2]], [a, b]);
    const change = diffSocketViews(view(base), view(next));
    assert.deepEqual(change, { root: false, changed: [`process:1:10/socket:${connection.id}`] });
  });

  it('fires the process when one of its sockets appears or goes', () => {
    const next = snapshotOf([listener, base.sockets[2]], [a, b]);
    assert.deepEqual(diffSocketViews(view(base), view(next)), { root: false, changed: ['process:1:10'] });
  });

  it('fires the process, not each of its sockets, when its working directory changes', () => {
    const next = snapshotOf(base.sockets, [{ ...a, cwd: '/elsewhere' }, b]);
    assert.deepEqual(diffSocketViews(view(base), view(next)), { root: false, changed: ['process:1:10'] });
  });

  it('refreshes the root when a process appears', () => {
    const next = snapshotOf([...base.sockets, tcp('127.0.0.1', 5000, { pid: 3 })], [a, b, processOf(3, 'gamma')]);
    assert.equal(diffSocketViews(view(base), view(next)).root, true);
  });

  it('treats a reused pid with another start time as another process', () => {
    const reborn = { ...b, startTime: 999 };
    const next = snapshotOf(base.sockets, [a, reborn]);
    assert.equal(diffSocketViews(view(base), view(next)).root, true);
  });
});
