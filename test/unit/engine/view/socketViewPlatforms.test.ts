import * as assert from 'node:assert/strict';
import { allNodes } from '../../../../src/engine/view/socketViewIndex';
import { buildSocketView, workspaceFilterApplies } from '../../../../src/engine/view/socketView';
import { defaultSocketFilter, ProcessNode, SocketNode, ViewContext } from '../../../../src/engine/view/viewNodes';
import { EditorProcesses } from '../../../../src/engine/proc/editorProcesses';
import { readProcessTable } from '../../../../src/engine/proc/processTable';
import { capture } from '../_platform/captures';
import { MACHINES } from '../_platform/machines';

const withConnections = { ...defaultSocketFilter, connections: true };

for (const machine of MACHINES) {
  describe(`Ports view on ${machine.title} (captured output)`, () => {
    const ctx: ViewContext = { workspaceFolders: [machine.workspace], user: machine.user, platform: machine.platform };
    const { expected } = machine;

    async function view(filter = withConnections) {
      const snapshot = await machine.source().source.snapshot();
      return buildSocketView(snapshot, filter, [], ctx);
    }

    const processRows = (nodes: Iterable<unknown>): ProcessNode[] => [...nodes as Iterable<ProcessNode>].filter((n) => n.kind === 'process');

    it("offers Stop exactly for the user's own processes, and for those whose owner can't be read", async () => {
      const rows = processRows(allNodes(await view()));
      const byPid = new Map(rows.map((r) => [r.process.pid, r]));
      for (const pid of expected.own) assert.deepEqual([byPid.get(pid)?.owner, byPid.get(pid)?.contextValue], ['own', 'portZero.process.own'], `pid ${pid}`);
      for (const pid of expected.other) assert.deepEqual([byPid.get(pid)?.owner, byPid.get(pid)?.contextValue], ['other', 'portZero.process'], `pid ${pid}`);
      for (const pid of expected.unknown) assert.deepEqual([byPid.get(pid)?.owner, byPid.get(pid)?.contextValue], ['unknown', 'portZero.process.own'], `pid ${pid}`);
    });

    it("gives a process's sockets the same Stop as the process, and none to sockets without an owner", async () => {
      const sockets = [...allNodes(await view())].filter((n): n is SocketNode => n.kind === 'socket');
      for (const s of sockets) {
        const pid = s.process?.pid;
        if (pid === undefined) assert.equal(s.own, false, s.id);
        else assert.equal(s.own, !expected.other.includes(pid), s.id);
        assert.equal(s.contextValue.endsWith('.own'), s.own, s.id);
      }
      assert.ok(sockets.some((s) => s.process === undefined), 'every capture has a socket with no owner (TIME_WAIT)');
    });

    it(workspaceFilterApplies(machine.platform)
      ? 'keeps only processes working inside the workspace when asked'
      : "shows every process when asked for the workspace's only, since their working directories can't be read", async () => {
      const filtered = processRows((await view({ ...defaultSocketFilter, workspaceOnly: true })).roots).map((r) => r.process.pid);
      assert.deepEqual(filtered.sort((a, b) => a - b), [...expected.inWorkspace].sort((a, b) => a - b));
    });
  });
}

describe('Ports view on win32 (captured output) keeps Stop off the editor', () => {
  it("offers no Stop on the editor's processes, read from Win32_Process, and still on the user's others", async () => {
    const win32 = MACHINES.find((m) => m.platform === 'win32')!;
    const table = await readProcessTable({ platform: 'win32', run: async () => ({ stdout: capture('win32/get-ciminstance-win32-process.json'), stderr: '', code: 0 }) });
    // Chrome 13372 taken for the extension host: its utility process 10160, the same program, is then the editor's too.
    const ctx: ViewContext = { workspaceFolders: [win32.workspace], user: win32.user, platform: 'win32', editor: EditorProcesses.from(table, 13372, 'win32') };
    const view = buildSocketView(await win32.source().source.snapshot(), withConnections, [], ctx);
    const owner = new Map([...allNodes(view)].filter((n): n is ProcessNode => n.kind === 'process').map((r) => [r.process.pid, r.owner]));
    assert.deepEqual([owner.get(13372), owner.get(10160), owner.get(13876)], ['other', 'other', 'own']);
  });
});
