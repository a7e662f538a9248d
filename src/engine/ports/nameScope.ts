/**
 * Whose a port name is. Two projects that both call their dev server "web"
 * must not get one port (the second server would fail to bind), so by
 * default a name belongs to the workspace it was asked from; `user` shares it
 * with every workspace and process of this user, as every name was shared
 * before scopes existed.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const NAME_SCOPES = ['workspace', 'user'] as const;
export type NameScope = (typeof NAME_SCOPES)[number];

export function isNameScope(value: unknown): value is NameScope {
  return NAME_SCOPES.includes(value as NameScope);
}

/**
 * Hex digits of the workspace's digest kept in a key: 64 bits, so two
 * workspaces of one user never meet by chance, and short enough that a
 * 150-byte name plus the digest stays under the 255-byte file-name limit once
 * the reservation store base64-encodes it.
 */
const DIGEST_HEX = 16;
/**
 * Between digest and name: a control character, which a port name may not
 * hold (see isPortName), so no user-scope name can ever equal a workspace's key.
 */
const SEPARATOR = '\u001f';

/**
 * One spelling per workspace, so that the editor (a folder's URI as a path)
 * and a terminal in the same folder (its cwd, symlinks already resolved by
 * the kernel) agree: symlinks resolved where the path exists, no trailing
 * separator, and on Windows one case, since its file system ignores case.
 * Anything that is not an absolute path (a virtual folder's URI) is kept as is.
 */
export function canonicalWorkspace(workspace: string): string {
  if (!path.isAbsolute(workspace)) return workspace;
  let resolved = path.resolve(workspace);
  try {
    resolved = fs.realpathSync.native(resolved);
  } catch {
    // A folder that is gone still names the same workspace by its path.
  }
  return process.platform === 'win32' ? resolved.toLowerCase() : resolved;
}

/**
 * The key a named port is stored under (the reservation store's name).
 * `workspace` is the folder, or the `.code-workspace` file of a multi-root
 * workspace, the name was asked from; absent, the name is user-wide and its
 * key is the name itself, which keeps user-wide names where they always were.
 */
export function namedPortKey(name: string, workspace?: string): string {
  if (workspace === undefined) return name;
  const digest = crypto.createHash('sha256').update(canonicalWorkspace(workspace)).digest('hex').slice(0, DIGEST_HEX);
  return `${digest}${SEPARATOR}${name}`;
}
