/**
 * Notifications render one piece of markdown: `[label](target)` becomes a
 * link, and a `command:` target runs a command when clicked (VS Code's
 * src/vs/base/common/linkedText.ts; this is its pattern). Server output,
 * process names and command lines are not ours: shown in a notification,
 * `[click](command:workbench.action.closeWindow)` must stay text.
 */
export const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;

/**
 * The same text with every `](` broken by a zero-width space, so no link can
 * form; what the user reads is unchanged. Port Zero's own messages contain no links.
 */
export function asPlainText(text: string): string {
  return text.replace(/\]\(/g, ']\u200B(');
}
