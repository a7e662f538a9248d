import * as vscode from 'vscode';
import { parsePortsAttributes, type PortsAttributeRules } from '../engine/sockets/portsAttributes';

export const PORTS_ATTRIBUTES = 'remote.portsAttributes';

/**
 * VS Code's own `remote.portsAttributes`, the setting users already keep for
 * forwarded ports: Port Zero reads it rather than asking for a second one.
 * VS Code validates its values in the settings editor and skips bad keys
 * silently; Port Zero skips the same keys and says which in its log.
 */
export function readPortsAttributes(log: vscode.LogOutputChannel): PortsAttributeRules {
  const rules = parsePortsAttributes(vscode.workspace.getConfiguration().get<unknown>(PORTS_ATTRIBUTES));
  for (const problem of rules.problems) log.warn(`${PORTS_ATTRIBUTES}: ${problem}`);
  return rules;
}
