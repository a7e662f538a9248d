/**
 * How long activate() took, and how long until the Ports tree was first
 * rendered: logged, and on the API so the integration suite prints it.
 * Port Zero activates with the window when its view is open, so every
 * millisecond here delays the editor's other extensions.
 */
import * as vscode from 'vscode';

export class ActivationTiming implements vscode.Disposable {
  /** activate() entry → return (ms). */
  returnMs: number | undefined;
  /** activate() entry → the Ports tree's first render (ms); undefined until the view is first shown. */
  firstRenderMs: number | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly enteredAt: number, onDidRender: vscode.Event<unknown>, private readonly log: vscode.LogOutputChannel) {
    this.subscription = onDidRender(() => {
      this.subscription.dispose();
      this.firstRenderMs = performance.now() - this.enteredAt;
      this.log.info(`First Ports tree render ${this.firstRenderMs.toFixed(1)} ms after activation began.`);
    });
  }

  returned(): void {
    this.returnMs = performance.now() - this.enteredAt;
    this.log.info(`Activated in ${this.returnMs.toFixed(1)} ms.`);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
