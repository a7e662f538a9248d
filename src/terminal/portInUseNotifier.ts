/**
 * When a command typed in a terminal fails because its port is taken, says
 * who holds the port (`3000 is held by node (pid 1234) in terminal "npm: dev"`)
 * with Show Terminal / Stop It / Copy a Free Port. Nothing is stopped without
 * a click. It reads the command's output through shell integration's
 * execution API (VS Code 1.93); on an older VS Code it is simply off.
 */
import * as vscode from 'vscode';
import { portsInUse } from '../engine/launch/portInUse';
import { whoHoldsPort, type PortHolderFacts } from '../engine/view/terminalAttribution';
import { userMessages } from '../messages/userMessages';
import type { FreePorts } from '../services/freePorts';
import type { Refresher } from '../services/refresher';
import type { SocketActions } from '../services/socketActions';
import type { TerminalShells } from '../services/terminalShells';

/** The parts of VS Code 1.93's shell integration API used here; @types/vscode 1.90 does not have them. */
interface ShellExecution {
  readonly commandLine?: { readonly value: string };
  read(): AsyncIterable<string>;
}
interface ShellExecutionEvent {
  readonly terminal: vscode.Terminal;
  readonly execution: ShellExecution;
}
interface ShellExecutionEvents {
  readonly onDidStartTerminalShellExecution?: vscode.Event<ShellExecutionEvent>;
  readonly onDidEndTerminalShellExecution?: vscode.Event<ShellExecutionEvent>;
}

/** What a failed command says of a taken port is at its end: keep the output's tail only. */
const KEPT_CHARS = 16_384;

async function tailOf(execution: ShellExecution): Promise<string> {
  let text = '';
  for await (const data of execution.read()) {
    text += data;
    if (text.length > 2 * KEPT_CHARS) text = text.slice(-KEPT_CHARS);
  }
  return text;
}

export interface PortInUseParts {
  readonly refresher: Refresher;
  readonly shells: TerminalShells;
  readonly actions: SocketActions;
  readonly freePorts: FreePorts;
}

/**
 * The API became stable in VS Code 1.93. Before, it was a proposal whose
 * getters throw for an installed extension (and answer for one under
 * development), so older versions are not asked at all: off, the same way everywhere.
 */
function shellExecutionEvents(): Required<ShellExecutionEvents> | undefined {
  const [major, minor] = vscode.version.split('.').map(Number);
  if (major < 1 || (major === 1 && minor < 93)) return undefined;
  const { onDidStartTerminalShellExecution: start, onDidEndTerminalShellExecution: end } = vscode.window as unknown as ShellExecutionEvents;
  return start && end ? { onDidStartTerminalShellExecution: start, onDidEndTerminalShellExecution: end } : undefined;
}

export function notifyPortInUse(parts: PortInUseParts, log: vscode.LogOutputChannel): vscode.Disposable {
  const events = shellExecutionEvents();
  if (events === undefined) return new vscode.Disposable(() => undefined);
  const outputs = new Map<ShellExecution, Promise<string>>();
  return vscode.Disposable.from(
    // read() gives only what is written after its first call: it must start with the execution.
    events.onDidStartTerminalShellExecution((e) => outputs.set(e.execution, tailOf(e.execution).catch(() => ''))),
    events.onDidEndTerminalShellExecution(async (e) => {
      const output = outputs.get(e.execution);
      outputs.delete(e.execution);
      if (output === undefined) return;
      const ports = portsInUse(await output, e.execution.commandLine?.value);
      if (ports === undefined || ports.length === 0) return;
      try {
        const snapshot = await parts.refresher.refresh();
        const holder = ports.map((port) => whoHoldsPort(snapshot, port, parts.shells)).find((h) => h !== undefined);
        if (holder) await offer(holder, parts);
      } catch (error) {
        log.error('Finding who holds the port a terminal command wanted failed.', error);
      }
    }),
  );
}

async function offer(holder: PortHolderFacts, { shells, actions, freePorts }: PortInUseParts): Promise<void> {
  const terminal = holder.terminal && shells.terminalOf(holder.terminal.key);
  const text = holder.terminal
    ? vscode.l10n.t('{0} is held by {1} (pid {2}) in terminal "{3}"', holder.port, holder.name, holder.pid, holder.terminal.name)
    : vscode.l10n.t('{0} is held by {1} (pid {2})', holder.port, holder.name, holder.pid);
  const show = vscode.l10n.t('Show Terminal');
  const stop = vscode.l10n.t('Stop It');
  const copy = vscode.l10n.t('Copy a Free Port');
  const choice = await userMessages.warn(text, ...(terminal ? [show] : []), stop, copy);
  if (choice === show) terminal?.show(false);
  else if (choice === stop) await actions.stopProcess(holder.process);
  else if (choice === copy) await actions.copy(String(await freePorts.allocate()));
}
