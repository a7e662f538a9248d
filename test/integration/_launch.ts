// Shared by the launch tests: reach the running extension, start fixture
// servers through the real task system, and wait on their events.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PortZeroApi, SocketsApi } from '../../src/api';
import type { LaunchedServer } from '../../src/engine/launch/launchedServer';
import { isAlive } from '../../src/engine/proc/processIdentity';
import { readProcessTable } from '../../src/engine/proc/processTable';
import { descendantsOf } from '../../src/engine/proc/processTree';
import type { Launcher } from '../../src/launch/launcher';
type StartedServer = Launcher['servers'][number];
import type { PortZeroTaskDefinition } from '../../src/launch/portZeroTask';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
export const extensionId = `${manifest.publisher}.${manifest.name}`;
export const fixtureServer = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'servers', name);
/** The node that runs the extension host runs the fixtures too: no PATH guessing. */
export const node = JSON.stringify(process.execPath);

export async function api(): Promise<PortZeroApi> {
  const extension = vscode.extensions.getExtension<PortZeroApi>(extensionId);
  if (!extension) throw new Error(`${extensionId} is not loaded`);
  return extension.activate();
}

/**
 * For a suite whose tests answer Stop's modal questions themselves (a modal
 * can't be clicked from the extension host): the running extension's sockets
 * API, with the real prompts put back and every launch stopped after each
 * test. Call inside `describe`, before the suite's own hooks.
 */
export function withStopPrompts(): { readonly sockets: SocketsApi } {
  const suite = {} as { sockets: SocketsApi };
  let prompts: Pick<SocketsApi['stopPrompts'], 'confirmStop' | 'confirmStopWithOutsiders'>;
  before(async () => {
    suite.sockets = (await api()).sockets;
    prompts = { confirmStop: suite.sockets.stopPrompts.confirmStop, confirmStopWithOutsiders: suite.sockets.stopPrompts.confirmStopWithOutsiders };
  });
  afterEach(async () => {
    Object.assign(suite.sockets.stopPrompts, prompts);
    await (await api()).launcher.stopAll();
  });
  return suite;
}

/** Resolves with the value `check` returns once it is defined, re-checked on each event. */
export function waitFor<T>(what: string, ms: number, subscribe: (recheck: () => void) => vscode.Disposable | (() => void), check: () => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err?: Error, value?: T): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (typeof unsubscribe === 'function') unsubscribe();
      else unsubscribe.dispose();
      if (err) reject(err);
      else resolve(value as T);
    };
    const recheck = (): void => {
      try {
        const v = check();
        if (v !== undefined) finish(undefined, v);
      } catch (e) {
        finish(e as Error);
      }
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    const unsubscribe = subscribe(recheck);
    recheck();
  });
}

let counter = 0;

/** Runs a port-zero task through vscode.tasks and returns its server once spawned. */
export async function startTask(
  definition: { command: string; [field: string]: unknown },
): Promise<{ started: StartedServer; execution: vscode.TaskExecution; name: string }> {
  const { launcher } = await api();
  const name = `fixture-${++counter}-${path.basename(definition.command.split(' ').pop() ?? 'cmd')}`;
  const folder = vscode.workspace.workspaceFolders?.[0];
  // VS Code tells tasks apart by their definition alone: one field of the test's own keeps a task
  // from being taken for an earlier test's that VS Code has not yet seen end.
  const env = { ...(definition.env as Record<string, string> | undefined), PORT_ZERO_TEST_TASK: name };
  const task = launcher.createTask({ type: 'port-zero', ...definition, env } as PortZeroTaskDefinition, folder ?? vscode.TaskScope.Workspace, name);
  const execution = await vscode.tasks.executeTask(task);
  const started = await waitFor(`${name} to start`, 10_000, (recheck) => launcher.onDidChange(recheck), () =>
    launcher.servers.find((s) => s.name === name && s.rootPid !== undefined),
  );
  return { started, execution, name };
}

/** Next `listening` events until `count` sockets are known (earlier ones included). */
export function listening(server: LaunchedServer, count = 1, ms = 10_000): Promise<LaunchedServer['sockets']> {
  return waitFor(`${count} listening socket(s)`, ms, (recheck) => {
    server.on('listening', recheck);
    return () => server.off('listening', recheck);
  }, () => (server.sockets.length >= count ? server.sockets : undefined));
}

export function output(server: LaunchedServer): { text: () => string; dispose: () => void } {
  let text = '';
  const onData = (d: Buffer): void => {
    text += d.toString('utf8');
  };
  server.on('output', onData);
  return { text: () => text, dispose: () => server.off('output', onData) };
}

export async function treePids(rootPid: number): Promise<number[]> {
  const table = await readProcessTable();
  return table.has(rootPid) ? [rootPid, ...descendantsOf([rootPid], table)] : [];
}

/** Running, as opposed to gone or a zombie no reaper has collected yet (either holds nothing). */
export const alive = (pid: number): boolean => isAlive({ pid });

/** What Open opens and Copy URL copies for a local URL: in code-server its `/proxy/PORT/` address. */
export async function externalUrl(url: string): Promise<string> {
  return (await vscode.env.asExternalUri(vscode.Uri.parse(url))).toString(true);
}
