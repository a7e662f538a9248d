import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TerminalNode } from '../../src/engine/view/viewNodes';
import { recordMessages } from './_messages';
import { alive, api, externalUrl, fixtureServer, listening, node, startTask, waitFor, withStopPrompts } from './_launch';

/** VS Code 1.93's shell integration API, absent from @types/vscode 1.90 and from the floor host. */
type WithShellIntegration = typeof vscode.window & {
  onDidEndTerminalShellExecution?: unknown;
  onDidChangeTerminalShellIntegration?: vscode.Event<{ terminal: vscode.Terminal }>;
};
const window = vscode.window as WithShellIntegration;
const [major, minor] = vscode.version.split('.').map(Number);
/** Stable since 1.93; a proposal before (which the floor host, 1.90, answers for an extension under development). */
const shellIntegrationApi = (major > 1 || minor >= 93) && window.onDidEndTerminalShellExecution !== undefined;

interface Served {
  readonly port: number;
  readonly pid: number;
}

/** Issue 24: the window's terminals in the Sockets view, and who holds the port a terminal command wanted. */
describe('Terminals', function () {
  this.timeout(60_000);
  const suite = withStopPrompts();
  let dir: string;
  const terminals: vscode.Terminal[] = [];
  const pids: number[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-terminals-'));
  });

  afterEach(async () => {
    for (const pid of pids.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await Promise.all(terminals.splice(0).filter((t) => !closedTerminals.has(t)).map(close));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const closedTerminals = new WeakSet<vscode.Terminal>();
  const watchingClose = vscode.window.onDidCloseTerminal((t) => closedTerminals.add(t));
  after(() => watchingClose.dispose());

  /** Disposes a terminal and resolves once VS Code says it closed. */
  async function close(terminal: vscode.Terminal): Promise<void> {
    const closed = waitFor(`${terminal.name} to close`, 20_000, (recheck) => vscode.window.onDidCloseTerminal(recheck),
      () => (closedTerminals.has(terminal) ? true : undefined));
    terminal.dispose();
    await closed;
  }

  async function openTerminal(name: string): Promise<vscode.Terminal> {
    const terminal = vscode.window.createTerminal({ name, shellPath: '/bin/bash', cwd: dir });
    terminals.push(terminal);
    await terminal.processId;
    return terminal;
  }

  /** Types a server that listens on a port the kernel picks, and waits for the line it writes to `file`. */
  async function serve(terminal: vscode.Terminal, file: string, prefix = ''): Promise<Served> {
    const target = path.join(dir, file);
    terminal.sendText(`PORT=0 HOST=127.0.0.1 ${prefix}${node} ${JSON.stringify(fixtureServer('zeroServer.js'))} > ${JSON.stringify(target)}`, true);
    const watcher = fs.watch(dir);
    const served = await waitFor(`${file} to name the server's port`, 20_000, (recheck) => {
      watcher.on('change', recheck);
      return () => watcher.close();
    }, () => {
      const match = /^LISTENING \S+ (\d+) \S+ pid=(\d+)$/m.exec(fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '');
      return match ? { port: Number(match[1]), pid: Number(match[2]) } : undefined;
    });
    pids.push(served.pid);
    return served;
  }

  /** Refreshes until the Terminals group shows what `check` wants. */
  async function terminalNode(what: string, check: (node: TerminalNode) => boolean): Promise<TerminalNode> {
    const { tree, refresher } = suite.sockets;
    const find = (): TerminalNode | undefined => tree.roots.find((n) => n.kind === 'terminalsGroup')?.children
      .find((n): n is TerminalNode => n.kind === 'terminal' && check(n));
    return waitFor(what, 20_000, (recheck) => tree.onDidRender(() => {
      recheck();
      if (find() === undefined) void refresher.refresh();
    }), () => find() ?? (void refresher.refresh(), undefined));
  }

  const holds = (node: TerminalNode, pid: number): boolean => node.children.some((p) => p.kind === 'process' && p.process.pid === pid);

  it("lists each terminal's server under that terminal's node, and Show Terminal focuses its tab", async () => {
    const [a, b] = [await openTerminal('pz-terminal-a'), await openTerminal('pz-terminal-b')];
    const [inA, inB] = [await serve(a, 'a.out'), await serve(b, 'b.out')];
    const nodeA = await terminalNode('terminal a with its server', (n) => n.terminal.name === 'pz-terminal-a' && holds(n, inA.pid));
    const nodeB = await terminalNode('terminal b with its server', (n) => n.terminal.name === 'pz-terminal-b' && holds(n, inB.pid));
    assert.equal(holds(nodeA, inB.pid) || holds(nodeB, inA.pid), false, 'a server listed under the other terminal');
    assert.deepEqual(nodeA.addresses, [`127.0.0.1:${inA.port}`]);
    assert.equal(suite.sockets.tree.getTreeItem(nodeA.id).label, 'pz-terminal-a');
    assert.equal(suite.sockets.tree.getTreeItem(nodeA.id).contextValue, 'portZero.terminal.tcp.web.open.own');

    await vscode.commands.executeCommand('portZero.copyUrl', nodeB.id);
    assert.equal(await vscode.env.clipboard.readText(), await externalUrl(`http://127.0.0.1:${inB.port}/`));

    a.show(false);
    await waitFor('terminal a to be active', 10_000, (recheck) => vscode.window.onDidChangeActiveTerminal(recheck), () => (vscode.window.activeTerminal === a ? true : undefined));
    await vscode.commands.executeCommand('portZero.showTerminal', nodeB.id);
    await waitFor('terminal b to be active', 10_000, (recheck) => vscode.window.onDidChangeActiveTerminal(recheck), () => (vscode.window.activeTerminal === b ? true : undefined));
  });

  it("stops a terminal's server after asking, and leaves its shell running", async () => {
    const terminal = await openTerminal('pz-terminal-stop');
    const served = await serve(terminal, 'stop.out');
    const shell = (await terminal.processId)!;
    const found = await terminalNode('the terminal with its server', (n) => n.terminal.name === 'pz-terminal-stop' && holds(n, served.pid));
    const asked: number[] = [];
    suite.sockets.stopPrompts.confirmStop = async (request) => (asked.push(request.pid), true);
    await vscode.commands.executeCommand('portZero.stopProcess', found.id);
    assert.deepEqual(asked, [served.pid]);
    await waitFor('the server to end', 10_000, (recheck) => suite.sockets.tree.onDidRender(recheck), () => (alive(served.pid) ? undefined : true));
    assert.equal(alive(shell), true, 'the shell was stopped too');
    assert.equal(terminal.exitStatus, undefined);
  });

  it('keeps a nohup-ed server listed under its terminal, as closed, after the terminal is closed, until it ends', async () => {
    const terminal = await openTerminal('pz-terminal-nohup');
    const served = await serve(terminal, 'nohup.out', 'nohup ');
    await terminalNode('the terminal with its server', (n) => n.terminal.name === 'pz-terminal-nohup' && holds(n, served.pid));
    await close(terminal);
    const node = await terminalNode('the closed terminal', (n) => n.terminal.name === 'pz-terminal-nohup' && !n.terminal.open && holds(n, served.pid));
    assert.equal(node.contextValue, 'portZero.terminal.tcp.web.own');
    assert.match(String(suite.sockets.tree.getTreeItem(node.id).description), /^closed · 127\.0\.0\.1:\d+$/);
    process.kill(served.pid, 'SIGKILL');
    await waitFor('the closed terminal to go', 20_000, (recheck) => suite.sockets.tree.onDidRender(() => {
      recheck();
      void suite.sockets.refresher.refresh();
    }), () => (suite.sockets.tree.roots.some((g) => g.kind === 'terminalsGroup' && g.children.some((n) => n.kind === 'terminal' && n.terminal.name === 'pz-terminal-nohup'))
      ? (void suite.sockets.refresher.refresh(), undefined) : true));
  });

  it('does not repeat a server started by Start on Free Port under Terminals', async () => {
    const terminal = await openTerminal('pz-terminal-beside');
    const served = await serve(terminal, 'beside.out');
    const { started } = await startTask({ command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))}`, strategy: 'env' });
    const [socket] = await listening(started.server);
    await terminalNode('the terminal with its server', (n) => n.terminal.name === 'pz-terminal-beside' && holds(n, served.pid));
    const group = suite.sockets.tree.roots.find((n) => n.kind === 'terminalsGroup')!;
    const listed = group.children.flatMap((n) => n.children.flatMap((p) => (p.kind === 'process' ? [p.process.pid] : [])));
    assert.ok(!listed.includes(socket.pid!) && !listed.includes(started.rootPid!), `launch listed under Terminals: ${listed}`);
    assert.ok(suite.sockets.tree.roots.some((n) => n.kind === 'startedGroup'));
  });

  it(shellIntegrationApi
    ? 'names the terminal and process holding the port when a terminal command fails with EADDRINUSE'
    : 'stays quiet when a terminal command fails with EADDRINUSE on a VS Code without the shell integration API', async () => {
    const holder = await openTerminal('pz-terminal-holder');
    const served = await serve(holder, 'holder.out');
    const other = await openTerminal('pz-terminal-clash');
    if (shellIntegrationApi) {
      await waitFor('shell integration in the terminal', 20_000, (recheck) => window.onDidChangeTerminalShellIntegration!(recheck),
        () => ((other as { shellIntegration?: unknown }).shellIntegration ? true : undefined));
    }
    const messages = recordMessages(await api());
    try {
      const done = path.join(dir, 'clash.done');
      other.sendText(`${node} -e "require('net').createServer().listen(${served.port}, '127.0.0.1')"; echo $? > ${JSON.stringify(done)}`, true);
      if (shellIntegrationApi) {
        const shown = await messages.next(new RegExp(`^${served.port} is held by`));
        assert.equal(shown.text, `${served.port} is held by node (pid ${served.pid}) in terminal "pz-terminal-holder"`);
        assert.deepEqual(shown.actions, ['Show Terminal', 'Stop It', 'Copy a Free Port']);
        assert.equal(alive(served.pid), true, 'stopped without a click');
      } else {
        const watcher = fs.watch(dir);
        await waitFor('the failing command to end', 20_000, (recheck) => {
          watcher.on('change', recheck);
          return () => watcher.close();
        }, () => (fs.existsSync(done) && fs.readFileSync(done, 'utf8').trim() !== '' ? true : undefined));
        await suite.sockets.refresher.refresh();
        assert.deepEqual(messages.seen.filter((m) => m.text.includes('is held by')), []);
      }
    } finally {
      messages.dispose();
    }
  });
});
