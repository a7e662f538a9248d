/**
 * What Start on Free Port offers first: the user's recent choices, per workspace.
 */
import type * as vscode from 'vscode';

/** What the user started last, remembered per workspace (workspaceState). */
export interface LaunchChoice {
  readonly label: string;
  readonly command: string;
  readonly cwd: string;
  /** Where it came from: a typed command is the user's own; scripts and tasks come from workspace files. */
  readonly origin: 'typed' | 'script' | 'task';
  /** For tasks: the task's name and source, so the same task is found again. */
  readonly taskName?: string;
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
    (c.origin === 'typed' || c.origin === 'script' || c.origin === 'task')
  );
}
