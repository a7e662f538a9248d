/**
 * What each extension host has running, kept where it survives the host. A
 * launch runs in its own process group and session, so when the extension
 * host dies without deactivate() (a crash, `kill -9`, a force-quit, a server
 * ended by SIGTERM) its servers run on, holding their ports, and nobody
 * remembers them. Each host writes its own file, `<pid>-<start>.json`; a
 * file whose host is gone (pid and start time, never a reused pid) names
 * launches to look for on the next activation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { currentProcess, isAlive, ProcessIdentity } from '../proc/processIdentity';

export interface LaunchRecord {
  readonly id: string;
  readonly name: string;
  readonly command: string;
  readonly cwd: string;
  readonly root: ProcessIdentity;
  /** `NAME=value` in the environment of everything the launch started. */
  readonly mark: string;
  readonly ports: readonly number[];
}

/** The launches of an extension host that is gone. */
export interface OrphanedJournal {
  readonly file: string;
  readonly host: ProcessIdentity;
  readonly launches: readonly LaunchRecord[];
}

export class LaunchJournal {
  private readonly file: string;

  constructor(readonly dir: string, readonly self: ProcessIdentity = currentProcess()) {
    this.file = path.join(dir, fileName(self));
  }

  /** Replaces this host's record; an empty list removes the file. */
  write(launches: readonly LaunchRecord[]): void {
    if (launches.length === 0) {
      fs.rmSync(this.file, { force: true });
      return;
    }
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // Written whole and renamed, so a host killed mid-write leaves the last complete record.
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ host: this.self, launches }), { mode: 0o600 });
    fs.renameSync(temp, this.file);
  }

  /** Journals of hosts that are no longer running (this host's own never counts). */
  orphans(): OrphanedJournal[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    const found: OrphanedJournal[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const file = path.join(this.dir, name);
      const journal = readJournal(file);
      if (!journal) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (name === fileName(this.self) || isAlive(journal.host)) continue;
      found.push({ file, ...journal });
    }
    return found;
  }

  /** Forgets a dead host's journal once its launches were stopped or adopted. */
  static forget(orphan: OrphanedJournal): void {
    fs.rmSync(orphan.file, { force: true });
  }
}

function fileName(host: ProcessIdentity): string {
  return `${host.pid}-${host.start ?? 'x'}.json`;
}

function readJournal(file: string): { host: ProcessIdentity; launches: LaunchRecord[] } | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { host?: ProcessIdentity; launches?: LaunchRecord[] };
    if (!Number.isInteger(parsed.host?.pid) || !Array.isArray(parsed.launches)) return undefined;
    const launches = parsed.launches.filter((l) => Number.isInteger(l?.root?.pid) && typeof l.mark === 'string' && l.mark.includes('='));
    return { host: parsed.host!, launches };
  } catch {
    return undefined;
  }
}
