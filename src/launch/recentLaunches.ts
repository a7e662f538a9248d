/**
 * What Start on Free Port offers first: the user's recent choices, per workspace.
 */
import type * as vscode from 'vscode';
import type { Shell } from '../engine/launch/commandLine';

/** What the user started last, remembered per workspace (workspaceState). */
export interface LaunchChoice {
  readonly label: string;
  readonly command: string;
  readonly cwd: string;
  /** Where it came from: a typed command is the user's own; scripts and tasks come from workspace files. */
  readonly origin: 'typed' | 'script' | 'task';
  /** For tasks: the task's name and source, so the same task is found again. */
  readonly taskName?: string;
  /** The shell the command is written for (a shell task's, or the one a typed command was typed for); absent: the launcher's default. */
  readonly shell?: Shell;
}

const key = 'portZero.recentLaunches';
const keep = 8;

export class RecentLaunches {
  constructor(private readonly memento: vscode.Memento) {}

  list(): LaunchChoice[] {
    const raw = this.memento.get<unknown>(key);
    return Array.isArray(raw) ? raw.filter(isChoice) : [];
  }

  async remember(choice: LaunchChoice): Promise<void> {
    const rest = this.list().filter((c) => c.command !== choice.command || c.cwd !== choice.cwd);
    await this.memento.update(key, [choice, ...rest].slice(0, keep));
  }
}

function isChoice(v: unknown): v is LaunchChoice {
  const c = v as Partial<LaunchChoice> | null;
  return (
    typeof c?.label === 'string' &&
    typeof c.command === 'string' &&
    typeof c.cwd === 'string' &&
    (c.origin === 'typed' || c.origin === 'script' || c.origin === 'task') &&
    (c.shell === undefined || isShell(c.shell))
  );
}

export function isShell(v: unknown): v is Shell {
  const s = v as Partial<Shell> | null;
  return typeof s?.executable === 'string' && s.executable !== '' && (s.args === undefined || (Array.isArray(s.args) && s.args.every((a) => typeof a === 'string')));
}
