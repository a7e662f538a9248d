/**
 * The shell VS Code runs a shell task in, so Port Zero runs the task's line
 * in the same one (VS Code's terminalTaskSystem `createShellLaunchConfig`):
 * 1. the task's own `options.shell.executable`, with its `args` (none if it
 *    gives none);
 * 2. else the profile tasks run in: `terminal.integrated.automationProfile.<os>`,
 *    then the profile `terminal.integrated.defaultProfile.<os>` names in
 *    `terminal.integrated.profiles.<os>` (a task's `options.shell.args`
 *    alone replace the profile's arguments);
 * 3. else what VS Code's default profile is without settings: `$SHELL` (or
 *    /bin/sh) on Linux and macOS, Windows PowerShell on Windows. (VS Code
 *    prefers PowerShell 7 when it finds one installed; we don't search the
 *    disk for it: both speak the same language, so the line means the same.)
 * The run flag (`-c`, `-Command`, `/d /c`) is added by shellInvocation.
 */
import type { Shell } from './commandLine';

/** The `terminal.integrated.*` values for this platform, as read from settings (unchecked). */
export interface TerminalSettings {
  readonly automationProfile?: unknown;
  readonly defaultProfile?: unknown;
  readonly profiles?: unknown;
}

/** A task's `options.shell`, as VS Code hands it over. */
export interface TaskShellOptions {
  readonly executable?: string;
  readonly args?: readonly string[];
}

export interface ShellContext {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** Whether an absolute path exists: a profile may list several paths, the first that exists is used. */
  readonly exists: (file: string) => boolean;
}

/** The `os` part of VS Code's `terminal.integrated.*.<os>` setting names. */
export function terminalSettingsOs(platform: NodeJS.Platform): 'windows' | 'osx' | 'linux' {
  return platform === 'win32' ? 'windows' : platform === 'darwin' ? 'osx' : 'linux';
}

export function taskShell(options: TaskShellOptions | undefined, settings: TerminalSettings, context: ShellContext): Shell {
  if (options?.executable) return { executable: options.executable, args: options.args ?? [] };
  const profile = profileShell(settings.automationProfile, context) ?? defaultProfileShell(settings, context) ?? fallbackShell(context);
  return options?.args ? { executable: profile.executable, args: options.args } : profile;
}

function defaultProfileShell(settings: TerminalSettings, context: ShellContext): Shell | undefined {
  const name = settings.defaultProfile;
  const profiles = settings.profiles;
  if (typeof name !== 'string' || !isObject(profiles)) return undefined;
  return profileShell(profiles[name], context);
}

/** A profile's `path` (one, or several to try) or its `source`, with its `args`; undefined when it names no program. */
function profileShell(profile: unknown, context: ShellContext): Shell | undefined {
  if (!isObject(profile)) return undefined;
  const paths = (Array.isArray(profile.path) ? profile.path : [profile.path]).filter((p): p is string => typeof p === 'string' && p !== '');
  const candidates = paths.map((p) => p.replace(/\$\{env:([^}]+)\}/g, (_, name: string) => context.env[name] ?? ''));
  const executable = candidates.find((p) => context.exists(p)) ?? candidates[0] ?? sourceExecutable(profile.source, context);
  if (executable === undefined) return undefined;
  const raw = profile.args;
  let args = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((a): a is string => typeof a === 'string') : [];
  // VS Code drops macOS profiles' `-l` for tasks: a login shell would rerun the user's profile scripts (vscode#107563).
  if (context.platform === 'darwin') args = args.filter((a) => a !== '-l');
  return { executable, args };
}

/** Windows profiles may name a detected shell instead of a path. */
function sourceExecutable(source: unknown, context: ShellContext): string | undefined {
  if (source === 'PowerShell') return 'powershell.exe';
  if (source === 'Git Bash') return `${context.env.ProgramFiles ?? 'C:\\Program Files'}\\Git\\bin\\bash.exe`;
  return undefined;
}

function fallbackShell(context: ShellContext): Shell {
  if (context.platform === 'win32') return { executable: 'powershell.exe', args: [] };
  return { executable: context.env.SHELL || '/bin/sh', args: [] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
