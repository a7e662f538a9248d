// What Port Zero costs the window when nobody looks: no poll and no timer
// while the Ports view is hidden and no launch waits. Also prints how long
// activation took, into the integration log.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PortZeroApi } from '../../src/api';
import { relay } from '../host/mochaSuite';
import { api, waitFor } from './_launch';

describe('idle', () => {
  let portZero: PortZeroApi;

  before(async () => {
    portZero = await api();
    await portZero.launcher.stopAll();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  const viewVisible = (visible: boolean): Promise<true> => waitFor(`the Ports view to be ${visible ? 'shown' : 'hidden'}`, 10_000,
    (recheck) => portZero.sockets.view.onDidChangeVisibility(recheck), () => (portZero.sockets.view.visible === visible ? true : undefined));

  it('reports how long activation took (printed in the integration log)', () => {
    const { returnMs, firstRenderMs } = portZero.activation;
    assert.equal(typeof returnMs, 'number');
    relay(`activation: activate() entry → return ${returnMs!.toFixed(1)} ms; → first Ports tree render ${
      firstRenderMs === undefined ? 'not yet (the view was never shown)' : `${firstRenderMs.toFixed(1)} ms`}`);
  });

  it('owns no timer and runs no poll while the Ports view is hidden and no launch waits', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await viewVisible(false);
    assert.deepEqual(portZero.launcher.servers.filter((s) => s.exited === undefined).map((s) => s.name), [], 'no launch runs or waits (exited ones poll nothing)');
    assert.deepEqual(portZero.scheduler.jobs, []);
    assert.equal(portZero.scheduler.hasTimer, false);
    assert.equal(portZero.sockets.refresher.hasTimer, false);
  });

  it('polls while the Ports view is shown, renders it, and stops polling once it is hidden again', async () => {
    const rendered = new Promise<number>((resolve) => {
      const subscription = portZero.sockets.tree.onDidRender(() => {
        subscription.dispose();
        resolve(performance.now());
      });
    });
    const shownAt = performance.now();
    await vscode.commands.executeCommand('portZero.sockets.focus');
    await viewVisible(true);
    assert.deepEqual(portZero.scheduler.jobs, ['Ports view']);
    relay(`activation: Ports view shown → tree rendered ${((await rendered) - shownAt).toFixed(1)} ms`);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await viewVisible(false);
    assert.deepEqual(portZero.scheduler.jobs, []);
    assert.equal(portZero.scheduler.hasTimer, false);
  });
});
