/**
 * The `freePort` command: `${command:freePort}`, `${input:…}` and the Command
 * Palette all land here, told apart by what VS Code passes, and get a port
 * from FreePorts.
 */
import * as vscode from 'vscode';
import { parseFreePortArgs } from '../engine/ports/freePortArgs';
import { UserMessages, userMessages } from '../messages/userMessages';
import type { FreePortRequest, FreePorts } from '../services/freePorts';

/** How the command was reached, told apart by the argument VS Code passes. */
type Invocation = { kind: 'palette' } | { kind: 'variable'; request: FreePortRequest };

/**
 * What VS Code passes (workbench configurationResolver, `executeCommand`):
 * - `${command:freePort}` in tasks.json: the array of variables being resolved;
 * - `${command:freePort}` in launch.json: the whole debug configuration;
 * - `${input:x}` with `"type": "command"`: the input's `args`, or undefined;
 * - the Command Palette or a `command:` link: undefined.
 * Only the contributed id is in the palette, so a bare call of the short alias
 * is always an input without args. None of them says which workspace folder's
 * tasks.json or launch.json asked, so a name's workspace is the window's
 * (FreePorts.allocate).
 */
function classify(arg: unknown, bareIsPalette: boolean): Invocation {
  if (arg === undefined || arg === null) return bareIsPalette ? { kind: 'palette' } : { kind: 'variable', request: {} };
  if (Array.isArray(arg)) return { kind: 'variable', request: {} };
  const config = arg as Record<string, unknown>;
  if (typeof config.type === 'string' && typeof config.request === 'string') return { kind: 'variable', request: {} };
  return { kind: 'variable', request: parseFreePortArgs(arg) };
}

/**
 * `portZero.freePort` and its short alias `freePort`: return a free port,
 * reserved machine-wide, as a string (what `${command:…}` substitutes).
 * From the palette it also copies the port and says so.
 */
export function registerFreePortCommand(
  freePorts: FreePorts,
  messages: UserMessages = userMessages,
  log?: vscode.LogOutputChannel,
): vscode.Disposable {
  const handler = (bareIsPalette: boolean) => async (arg?: unknown): Promise<string | undefined> => {
    const invocation = classify(arg, bareIsPalette);
    if (invocation.kind === 'palette') {
      try {
        const port = String(await freePorts.allocate());
        await vscode.env.clipboard.writeText(port);
        void messages.info(
          vscode.l10n.t('Free port {0} copied to the clipboard. It stays reserved for you for {1} seconds.', port, freePorts.settings().reservationMs / 1000),
        );
        return port;
      } catch (e) {
        void messages.error(e instanceof Error ? e.message : String(e));
        return undefined;
      }
    }
    return String(await freePorts.allocate(invocation.request));
  };
  return vscode.Disposable.from(
    registerOrWarn('portZero.freePort', handler(true), log),
    registerOrWarn('freePort', handler(false), log),
  );
}

/**
 * The short `freePort` is a global command id: another extension may have
 * taken it first, and registering it again throws inside activate(), which
 * would leave no command and no view. Activation goes on instead, and the
 * log says which id to use (`${command:portZero.freePort}` for the alias).
 */
function registerOrWarn(id: string, run: (arg?: unknown) => Promise<string | undefined>, log?: vscode.LogOutputChannel): vscode.Disposable {
  try {
    return vscode.commands.registerCommand(id, run);
  } catch (e) {
    log?.warn(`Command ${id} is already registered, by another extension or an earlier activation (${e instanceof Error ? e.message : e}); ` +
      'use ${command:portZero.freePort} in tasks and launch configurations.');
    return new vscode.Disposable(() => undefined);
  }
}
