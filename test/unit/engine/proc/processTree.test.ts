import * as assert from 'node:assert/strict';
import { ProcfsSource } from '../../../../src/engine/sockets/procfsSource';
import { descendantsOf, ProcessTreeReader } from '../../../../src/engine/proc/processTree';
import { nodeProcReader } from '../../../../src/engine/proc/procReader';
import { LiveSockets } from '../sockets/_liveSockets';

const table = new Map([
  [1, { ppid: 0 }], [10, { ppid: 1 }], [11, { ppid: 10 }], [12, { ppid: 10 }], [13, { ppid: 12 }], [20, { ppid: 1 }],
]);

// A child that spawns a grandchild listening on loopback, both reporting their pids.
const GRANDPARENT_CODE = `
  const cp=require('child_process');
  const g=cp.spawn(process.execPath,['-e',"require('net').createServer().listen(0,'127.0.0.1',function(){console.log(JSON.stringify({port:this.address().port,pid:process.pid}))})"],{stdio:['ignore','pipe','inherit']});
  g.stdout.once('data',(d)=>{const m=JSON.parse(d);console.log(JSON.stringify({port:m.port,pids:[m.pid]}))});
  setInterval(()=>{},1000);`;

describe('process tree', () => {
  const live = new LiveSockets();
  afterEach(() => live.closeAll());

  it('lists all descendants, roots excluded, each once', () => {
    assert.deepEqual(descendantsOf([10], table).sort(), [11, 12, 13]);
    assert.deepEqual(descendantsOf([10, 12], table).sort(), [11, 13]);
    assert.deepEqual(descendantsOf([99], table), []);
  });

  it('reads a live tree down to a grandchild', async () => {
    const { child, message } = await live.node<{ port: number; pids: number[] }>(GRANDPARENT_CODE);
    const tree = new ProcessTreeReader(nodeProcReader(), '/proc').treeOf([process.pid]);
    assert.ok(tree.has(child.pid!), 'child');
    assert.ok(tree.has(message.pids[0]), 'grandchild');
    assert.equal(tree.get(message.pids[0])?.ppid, child.pid);
  });

  it('socketsOfTree on a parent finds its grandchild\'s listener and nothing outside the tree', async () => {
    const outside = await live.node<{ port: number }>(
      "require('net').createServer().listen(0,'127.0.0.1',function(){console.log(JSON.stringify({port:this.address().port}))})",
    );
    const { child, message } = await live.node<{ port: number; pids: number[] }>(GRANDPARENT_CODE);
    const snapshot = await new ProcfsSource().socketsOfTree([child.pid!]);
    const listener = snapshot.sockets.find((s) => s.state === 'LISTEN' && s.local.port === message.port);
    assert.equal(listener?.pid, message.pids[0]);
    assert.ok(snapshot.sockets.every((s) => s.pid === child.pid || s.pid === message.pids[0]), 'only the tree');
    assert.ok(!snapshot.sockets.some((s) => s.local.port === outside.message.port));
    assert.ok(snapshot.processes.has(child.pid!) && snapshot.processes.has(message.pids[0]));
  });
});
