/**
 * Text that is not Port Zero's (server output, process names, command lines,
 * task and script names) must stay text: notifications render
 * `[label](target)` as a link, and a `command:` target runs a command when
 * clicked (VS Code's src/vs/base/common/linkedText.ts); quick picks render
 * `$(name)` as an icon.
 */

/**
 * The same text with every `](` broken by a zero-width space, so no link can
 * form; what the user reads is unchanged. Port Zero's own messages contain no links.
 */
export function asPlainText(text: string): string {
  return text.replace(/\]\(/g, ']\u200B(');
}

/**
 * For a quick pick's label, description or detail: `\$(` shows `$(` as typed
 * (VS Code's escapeIcons, src/vs/base/common/iconLabels.ts).
 */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
