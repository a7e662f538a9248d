/**
 * What Start on Free Port offers from the workspace: package.json scripts,
 * ranked so likely servers come first, run with the folder's package manager.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { quoteForShell } from './shellQuote';

/** A command the user may start on a free port, as offered in the quick pick. */
export interface ScriptCandidate {
  /** Shown in the quick pick: "dev", "web: start". */
  readonly label: string;
  /** The shell command line that runs it. */
  readonly command: string;
  /** Folder the command runs in. */
  readonly cwd: string;
  readonly packageManager: PackageManager;
  /** The script body from package.json, shown as detail. */
  readonly detail: string;
}

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

// Checked in this order: a repo that has both a pnpm and an npm lockfile
// is almost always a pnpm repo with a stray package-lock.
const lockfiles: readonly [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
  ['package-lock.json', 'npm'],
];

/** Script names that usually start a server, best first. */
const serverScripts = ['dev', 'start', 'serve', 'preview', 'watch'];

export async function detectPackageManager(folder: string): Promise<PackageManager> {
  for (const [file, manager] of lockfiles) {
    if (await exists(path.join(folder, file))) return manager;
  }
  return 'npm';
}

/** Rank: likely servers first in the order above, then names containing one of them, then the rest A–Z. */
export function scriptRank(name: string): number {
  const exact = serverScripts.indexOf(name);
  if (exact >= 0) return exact;
  const partial = serverScripts.findIndex((s) => name.includes(s));
  return partial >= 0 ? serverScripts.length + partial : 2 * serverScripts.length;
}

export function runScriptCommand(manager: PackageManager, script: string, platform: NodeJS.Platform = process.platform): string {
  return `${manager} run ${quoteForShell(script, platform)}`;
}

/**
 * The package.json scripts of each folder, servers first. A folder without a
 * package.json, or with one that does not parse, contributes nothing: the
 * quick pick still offers tasks and a typed command.
 */
export async function findScriptCandidates(
  folders: readonly { name: string; fsPath: string }[],
): Promise<{ candidates: ScriptCandidate[]; problems: string[] }> {
  const candidates: ScriptCandidate[] = [];
  const problems: string[] = [];
  for (const folder of folders) {
    const file = path.join(folder.fsPath, 'package.json');
    let scripts: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
      const raw = (parsed as { scripts?: unknown } | null)?.scripts;
      scripts = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${file}: ${(e as Error).message}`);
      continue;
    }
    const manager = await detectPackageManager(folder.fsPath);
    const names = Object.keys(scripts)
      .filter((n) => typeof scripts[n] === 'string')
      .sort((a, b) => scriptRank(a) - scriptRank(b) || a.localeCompare(b));
    for (const name of names) {
      candidates.push({
        label: folders.length > 1 ? `${folder.name}: ${name}` : name,
        command: runScriptCommand(manager, name),
        cwd: folder.fsPath,
        packageManager: manager,
        detail: scripts[name] as string,
      });
    }
  }
  return { candidates, problems };
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
