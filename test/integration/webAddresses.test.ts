// https for servers that speak TLS (a probe), and labels and protocols from
// VS Code's own remote.portsAttributes, as the tree, Copy URL and the
// "listening on" notification show them.
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as vscode from 'vscode';
import type { SocketsApi } from '../../src/api';
import type { LaunchedServer } from '../../src/engine/launch/launchedServer';
import type { SocketNode } from '../../src/engine/view/viewNodes';
import { recordMessages, type RecordedMessages } from './_messages';
import { api, externalUrl, fixtureServer, node, startTask, waitFor } from './_launch';
import { type Counted, NOBODY, serveCounting } from './_countingServer';

const HTTPS_SERVER = fixtureServer('httpsServer.js');
/** Backtracks exponentially on any command line without a NUL: an ordinary one's test never ends. */
const CATASTROPHIC = '^(\\S+\\s?)+\\u0000$';

interface Fixture {
  readonly proc: ChildProcess;
  readonly port: number;
}

/** The https fixture (or plain http with `TLS=0`) in a process of its own, on a port the kernel picks. */
async function serve(tls: boolean): Promise<Fixture> {
  const proc = spawn(process.execPath, [HTTPS_SERVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', PORT: '0', HOST: '127.0.0.1', TLS: tls ? '1' : '0' },
    detached: true,
  });
  let out = '';
  while (!/LISTENING \S+ (\d+)/.test(out)) {
    const [data] = await Promise.race([once(proc.stdout!, 'data'), once(proc, 'exit').then(() => { throw new Error('the fixture exited'); })]);
    out += String(data);
  }
  return { proc, port: Number(/LISTENING \S+ (\d+)/.exec(out)![1]) };
}

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function setPortsAttributes(value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration().update('remote.portsAttributes', value, vscode.ConfigurationTarget.Global);
}

describe('https and portsAttributes labels', function () {
  this.timeout(30_000);
  let sockets: SocketsApi;
  let messages: RecordedMessages;
  const fixtures: Fixture[] = [];
  const launched: LaunchedServer[] = [];

  before(async () => {
    sockets = (await api()).sockets;
  });

  beforeEach(async () => {
    messages = recordMessages(await api());
  });

  afterEach(async () => {
    messages.dispose();
    for (const { proc } of fixtures.splice(0)) {
      if (proc.exitCode !== null || proc.signalCode !== null) continue;
      const exited = once(proc, 'exit');
      proc.kill('SIGKILL');
      await exited;
    }
    for (const server of launched.splice(0)) await server.stop();
    await setPortsAttributes(undefined);
    await vscode.workspace.getConfiguration().update('remote.portsAttributes', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration().update('portZero.detectHttps', undefined, vscode.ConfigurationTarget.Global);
    await sockets.filters.reset();
  });

  async function fixture(tls: boolean): Promise<Fixture> {
    const f = await serve(tls);
    fixtures.push(f);
    await sockets.refresher.refresh();
    return f;
  }

  async function counting(options: Parameters<typeof serveCounting>[0]): Promise<Counted> {
    const f = await serveCounting(options);
    fixtures.push(f);
    await sockets.refresher.refresh();
    return f;
  }

  /** Draws every row of the tree, as VS Code does for an expanded view. */
  async function drawAll(): Promise<void> {
    const draw = async (ids: readonly string[]): Promise<void> => {
      for (const id of ids) {
        sockets.tree.getTreeItem(id);
        await draw(await sockets.tree.getChildren(id));
      }
    };
    await draw(await sockets.tree.getChildren(undefined));
  }

  /** The fixture's listener row under its process, as the tree has it now. */
  function row(f: Fixture): SocketNode | undefined {
    const proc = sockets.tree.roots.find((n) => n.kind === 'process' && n.process.pid === f.proc.pid);
    return proc?.children.find((c): c is SocketNode => c.kind === 'socket' && c.socket.local.port === f.port);
  }

  /** Draws the row (which starts its probe) until `check` accepts what it shows. */
  function rowShows(f: Fixture, what: string, check: (item: vscode.TreeItem) => boolean): Promise<vscode.TreeItem> {
    return waitFor(what, 10_000, (recheck) => sockets.tree.onDidRender(recheck), () => {
      const node = row(f);
      const item = node && sockets.tree.getTreeItem(node.id);
      return item && check(item) ? item : undefined;
    });
  }

  async function copyUrl(f: Fixture): Promise<string> {
    await vscode.commands.executeCommand('portZero.copyUrl', row(f)!.id);
    return vscode.env.clipboard.readText();
  }

  it('Copy URL waits for a first probe, so it copies https at once', async () => {
    const tls = await fixture(true);
    assert.equal(await copyUrl(tls), await externalUrl(`https://127.0.0.1:${tls.port}/`));
  });

  it('keeps a plain http server http', async () => {
    const plain = await fixture(false);
    assert.equal(await copyUrl(plain), await externalUrl(`http://127.0.0.1:${plain.port}/`));
    // The probe has answered by now: the row shows its answer.
    assert.equal(sockets.tree.getTreeItem(row(plain)!.id).description, 'LISTEN tcp');
  });

  it('says "listening on https://…" for a started https server, and http for a plain one', async () => {
    const tls = await startTask({ command: `${node} ${JSON.stringify(HTTPS_SERVER)}` });
    launched.push(tls.started.server);
    // The terminal's "listening on" line is the task's ready signal and goes out at once; the probe's answer follows it.
    let written = '';
    const terminal = (await api()).launcher.terminalOf(tls.started.server)!.onDidWrite((data) => (written += data));
    const shown = await messages.next(new RegExp(`^${escaped(tls.name)}: listening on `));
    assert.match(shown.text, new RegExp(`^${escaped(tls.name)}: listening on https://127\\.0\\.0\\.1:\\d+/$`));
    await waitFor('the terminal to say the listener answers TLS', 10_000, (recheck) => {
      const timer = setInterval(recheck, 50);
      return () => clearInterval(timer);
    }, () => (/Port Zero: https:\/\/127\.0\.0\.1:\d+\/ answers TLS \(https\)/.test(written) ? true : undefined));
    terminal.dispose();
    const plain = await startTask({ command: `${node} ${JSON.stringify(HTTPS_SERVER)}`, env: { TLS: '0' } });
    launched.push(plain.started.server);
    const plainShown = await messages.next(new RegExp(`^${escaped(plain.name)}: listening on `));
    assert.match(plainShown.text, new RegExp(`^${escaped(plain.name)}: listening on http://127\\.0\\.0\\.1:\\d+/$`));
  });

  it('opens a started https server on https when openOnReady opens it', async () => {
    const tls = await startTask({ command: `${node} ${JSON.stringify(HTTPS_SERVER)}`, openOnReady: 'simpleBrowser' });
    launched.push(tls.started.server);
    try {
      await messages.next(new RegExp(`^${escaped(tls.name)}: opened https://127\\.0\\.0\\.1:\\d+/$`));
    } finally {
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      for (const tab of tabs) if (tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('simpleBrowser')) await vscode.window.tabGroups.close(tab);
    }
  });

  it('labels a row from remote.portsAttributes by port, and forces https on a plain server', async () => {
    const plain = await fixture(false);
    await setPortsAttributes({ [plain.port]: { label: 'Plain Fixture', protocol: 'https' } });
    const item = await rowShows(plain, 'the label', (i) => i.label === `127.0.0.1:${plain.port} · Plain Fixture`);
    assert.equal(item.description, 'LISTEN tcp · https');
    assert.equal(await copyUrl(plain), await externalUrl(`https://127.0.0.1:${plain.port}/`));
  });

  it('labels by a range and by a regular expression on the command line; protocol "http" forces http', async () => {
    const tls = await fixture(true);
    const plain = await fixture(false);
    await setPortsAttributes({
      [`${plain.port}-${plain.port + 1}`]: { label: 'Ranged' },
      'httpsServer\\.js': { label: 'From the command line' },
      [tls.port]: { protocol: 'http' },
    });
    await rowShows(plain, 'the range label', (i) => i.label === `127.0.0.1:${plain.port} · Ranged`);
    await rowShows(tls, 'the command-line label', (i) => i.label === `127.0.0.1:${tls.port} · From the command line`);
    assert.equal(await copyUrl(tls), await externalUrl(`http://127.0.0.1:${tls.port}/`));
    assert.equal(sockets.tree.getTreeItem(row(tls)!.id).description, 'LISTEN tcp');
  });

  it('drops a label when the setting changes', async () => {
    const plain = await fixture(false);
    await setPortsAttributes({ [plain.port]: { label: 'Soon Gone' } });
    await rowShows(plain, 'the label', (i) => i.label === `127.0.0.1:${plain.port} · Soon Gone`);
    await setPortsAttributes(undefined);
    await rowShows(plain, 'no label', (i) => i.label === `127.0.0.1:${plain.port}`);
  });

  it('says which entry of remote.portsAttributes it skips, and uses the others', async () => {
    const plain = await fixture(false);
    await setPortsAttributes({ '(unclosed': { label: 'never' }, [plain.port]: { label: 'Still Read' } });
    const shown = await messages.next(/remote\.portsAttributes/);
    assert.match(shown.text, /"\(unclosed" is neither a port, a range nor a valid regular expression/);
    assert.deepEqual(shown.actions, ['Open Settings']);
    await rowShows(plain, 'the other label', (i) => i.label === `127.0.0.1:${plain.port} · Still Read`);
  });

  it('never knocks on another user\'s listener: a TLS server run by nobody gets no connection from its row or from Copy URL', async () => {
    const theirs = await counting({ tls: true, uid: NOBODY });
    assert.ok(row(theirs), 'nobody\'s server has its row');
    await drawAll();
    assert.equal(await copyUrl(theirs), await externalUrl(`http://127.0.0.1:${theirs.port}/`));
    assert.equal(await theirs.knock(), 1, 'the only connection nobody\'s server saw is the test\'s own');
  });

  it('probes the user\'s own listener only when Copy URL needs it, and its row shows https from then on', async () => {
    const mine = await counting({ tls: true });
    await drawAll();
    assert.equal(sockets.tree.getTreeItem(row(mine)!.id).description, 'LISTEN tcp');
    assert.equal(await mine.knock(), 1, 'drawing the rows connected to nothing');
    assert.equal(await copyUrl(mine), await externalUrl(`https://127.0.0.1:${mine.port}/`));
    assert.equal(await mine.knock(), 3, 'Copy URL probed once');
    await rowShows(mine, 'the row to say https', (item) => item.description === 'LISTEN tcp · https');
  });

  it('probes nothing with portZero.detectHttps "off": Copy URL copies http', async () => {
    await vscode.workspace.getConfiguration().update('portZero.detectHttps', 'off', vscode.ConfigurationTarget.Global);
    const mine = await counting({ tls: true });
    assert.equal(await copyUrl(mine), await externalUrl(`http://127.0.0.1:${mine.port}/`));
    assert.equal(await mine.knock(), 1);
  });

  it('stays responsive with a catastrophic pattern in the workspace\'s remote.portsAttributes: the view renders and a command answers within 1 s', async () => {
    // An ordinary command line of the user's: today's V8 does not finish this pattern on it in hours.
    const args = ['--app-root=/home/dev/projects/shop-frontend', '--config=/home/dev/projects/shop-frontend/config/development.json', '--log-level=debug'];
    const mine = await counting({ tls: false, args });
    // protocol "http": Copy URL answers without a probe, so what is timed is the pattern's cost alone.
    await vscode.workspace.getConfiguration().update('remote.portsAttributes',
      { [CATASTROPHIC]: { label: 'never' }, [mine.port]: { label: 'Still Labelled', protocol: 'http' } }, vscode.ConfigurationTarget.Workspace);
    const started = performance.now();
    // Grouped by port, every listener's label is computed at each refresh.
    await sockets.filters.update({ groupBy: 'port' });
    await sockets.refresher.refresh();
    await drawAll();
    const group = sockets.tree.roots.find((n) => n.kind === 'portGroup' && n.port === mine.port);
    assert.ok(group, 'the port has its group');
    await vscode.commands.executeCommand('portZero.copyUrl', group.children[0].id);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1000, `the view rendered and Copy URL answered after ${Math.round(elapsed)} ms`);
    assert.equal(await vscode.env.clipboard.readText(), await externalUrl(`http://127.0.0.1:${mine.port}/`));
    await sockets.filters.update({ groupBy: 'process' });
    assert.equal(sockets.tree.getTreeItem(row(mine)!.id).label, `127.0.0.1:${mine.port} · Still Labelled`);
    const warned = await messages.next(/took longer than/);
    assert.ok(warned.text.includes(`"${CATASTROPHIC}"`), warned.text);
  });

  it('names the label in the "listening on" notification', async () => {
    await setPortsAttributes({ 'httpsServer\\.js': { label: 'Fixture App' } });
    const tls = await startTask({ command: `${node} ${JSON.stringify(HTTPS_SERVER)}` });
    launched.push(tls.started.server);
    const shown = await messages.next(new RegExp(`^${escaped(tls.name)}: listening on `));
    assert.match(shown.text, new RegExp(`^${escaped(tls.name)}: listening on https://127\\.0\\.0\\.1:\\d+/ · Fixture App$`));
  });
});
