/**
 * What each extension host has running, kept where it survives the host. A
 * launch runs in its own process group and session, so when the extension
 * host dies without deactivate() (a crash, `kill -9`, a force-quit, a server
 * ended by SIGTERM) its servers run on, holding their ports, and nobody
 * remembers them. Each host writes its own file, `<pid>-<start>.json`; a
 * file whose host is gone (pid and start time, never a reused pid) names
 * launches to look for on the next activation.
 *
 * The files live in globalStorage, which outlives a reboot or a container
 * and may be shared by machines mounting the same home: each says on which
 * machine (host name) and in which boot (/proc/sys/kernel/random/boot_id)
 * it was written. Another machine's journal is left alone, one of an earlier
 * boot is removed; neither names a process of this one.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
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
  /** The port the server was told (none for `zero`): a marked process holding it is the server. */
  readonly port?: number;
}

/** The launches of an extension host that is gone. */
export interface OrphanedJournal {
  readonly file: string;
  readonly host: ProcessIdentity;
  readonly launches: readonly LaunchRecord[];
}

/** Where and when a journal was written: this machine in this boot, by default. */
export interface JournalPlace {
  readonly hostname: string;
  readonly boot?: string;
}

export function thisBoot(): JournalPlace {
  let boot: string | undefined;
  try {
    boot = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // Off Linux there is no boot id; the hosts' and roots' start times still tell a reused pid.
  }
  return { hostname: os.hostname(), ...(boot ? { boot } : {}) };
}

export class LaunchJournal {
  private readonly file: string;

  constructor(readonly dir: string, readonly self: ProcessIdentity = currentProcess(), readonly place: JournalPlace = thisBoot()) {
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
    fs.writeFileSync(temp, JSON.stringify({ host: this.self, ...this.place, launches }), { mode: 0o600 });
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
      if (journal?.hostname !== undefined && journal.hostname !== this.place.hostname) continue;
      if (!journal || journal.boot !== this.place.boot) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (name === fileName(this.self) || isAlive(journal.host)) continue;
      found.push({ file, host: journal.host, launches: journal.launches });
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

function readJournal(file: string): ({ host: ProcessIdentity; launches: LaunchRecord[] } & Partial<JournalPlace>) | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { host?: ProcessIdentity; launches?: LaunchRecord[] } & Partial<JournalPlace>;
    if (!Number.isInteger(parsed.host?.pid) || !Array.isArray(parsed.launches)) return undefined;
    const launches = parsed.launches.filter((l) => Number.isInteger(l?.root?.pid) && typeof l.mark === 'string' && l.mark.includes('='));
    const place = { ...(typeof parsed.hostname === 'string' ? { hostname: parsed.hostname } : {}), ...(typeof parsed.boot === 'string' ? { boot: parsed.boot } : {}) };
    return { host: parsed.host!, launches, ...place };
  } catch {
    return undefined;
  }
}
