/**
 * VS Code's own `remote.portsAttributes`, the setting users already keep for
 * forwarded ports: Port Zero reads it rather than asking for a second one.
 * VS Code skips an entry it cannot use without a word; Port Zero skips the
 * same entries and says which, once per reading, with the way to the setting.
 * A workspace's and a folder's values count only in a trusted workspace (see
 * portsAttributesValue).
 */
import * as vscode from 'vscode';
import { parsePortsAttributes, portsAttributesValue, type PortsAttributeRules } from '../engine/sockets/portsAttributes';
import { type UserMessages, userMessages } from '../messages/userMessages';

export const PORTS_ATTRIBUTES = 'remote.portsAttributes';

export function readPortsAttributes(log: vscode.LogOutputChannel, messages: UserMessages = userMessages): PortsAttributeRules {
  const inspected = vscode.workspace.getConfiguration().inspect<unknown>(PORTS_ATTRIBUTES);
  const rules = parsePortsAttributes(portsAttributesValue(inspected, vscode.workspace.isTrusted));
  if (rules.problems.length > 0) {
    const problem = vscode.l10n.t('Setting remote.portsAttributes: {0}. VS Code and Port Zero skip it.', rules.problems.join('; '));
    log.warn(problem);
    messages.settingProblem(problem, PORTS_ATTRIBUTES);
  }
  return rules;
}
