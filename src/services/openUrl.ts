/**
 * Opens an http(s) URL Port Zero built from a socket's own address. It goes
 * through `asExternalUri`, which in Remote and code-server turns a local port
 * into a forwarded one; the result is checked again because that rewrite is
 * outside our control.
 */
import * as vscode from 'vscode';
import { isWebUrl } from '../engine/sockets/socketUrl';

export async function openInBrowser(url: string): Promise<boolean> {
  if (!isWebUrl(url)) return false;
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
  if (!isWebUrl(external.toString(true))) return false;
  return vscode.env.openExternal(external);
}

export async function openInSimpleBrowser(url: string): Promise<void> {
  if (!isWebUrl(url)) return;
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(url));
  await vscode.commands.executeCommand('simpleBrowser.show', external.toString(true));
}
