/**
 * Opens an http(s) URL Port Zero built from a socket's own address. It goes
 * through `asExternalUri`, which in Remote and code-server turns a local port
 * into a forwarded one (`…/proxy/5173/`); the result is checked again because
 * that rewrite is outside our control. Copy URL copies the same external
 * address, so what is pasted is what Open opens.
 */
import * as vscode from 'vscode';
import { isWebUrl } from '../engine/sockets/socketUrl';
import { userMessages } from '../messages/userMessages';

/** The internal command a notification's links run: `[url, 'browser' | 'simpleBrowser' | 'copy']`. */
export const OPEN_URL_COMMAND = 'portZero.openUrl';

/** The address a browser beside this window reaches `url` at; undefined when it is not a web URL. */
async function externalUri(url: string): Promise<vscode.Uri | undefined> {
  if (!isWebUrl(url)) return undefined;
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
  return isWebUrl(external.toString(true)) ? external : undefined;
}

export async function externalUrl(url: string): Promise<string | undefined> {
  return (await externalUri(url))?.toString(true);
}

export async function openInBrowser(url: string): Promise<boolean> {
  const external = await externalUri(url);
  return external !== undefined && vscode.env.openExternal(external);
}

export async function openInSimpleBrowser(url: string): Promise<void> {
  const external = await externalUri(url);
  if (external !== undefined) await vscode.commands.executeCommand('simpleBrowser.show', external.toString(true));
}

/** Copies `text`, a web URL as its external address; says so in the status bar. */
export async function copyAddress(text: string): Promise<void> {
  const copied = (await externalUrl(text)) ?? text;
  await vscode.env.clipboard.writeText(copied);
  userMessages.status(vscode.l10n.t('Copied {0}', copied), 3000);
}

export function registerOpenUrlCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_URL_COMMAND, async (target: unknown, action: unknown) => {
    if (typeof target !== 'string') return;
    if (action === 'copy') await copyAddress(target);
    else if (action === 'simpleBrowser') await openInSimpleBrowser(target);
    else await openInBrowser(target);
  });
}
