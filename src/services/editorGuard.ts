/**
 * Keeps Stop away from the editor's own processes (see
 * engine/proc/editorProcesses.ts). They are read once, asynchronously, so
 * activation does not wait on a process-table read; until then the
 * extension host and its parent are covered, which is all a view rendered
 * that early could offer.
 */
import { EditorCandidate, EditorProcesses } from '../engine/proc/editorProcesses';

export class EditorGuard {
  private known: EditorProcesses | undefined;
  /** Settles once the editor's processes are known (or could not be read). */
  readonly ready: Promise<void>;

  constructor(read: () => Promise<EditorProcesses> = () => EditorProcesses.read()) {
    this.ready = read().then(
      (known) => {
        this.known = known;
      },
      () => undefined,
    );
  }

  covers(process: EditorCandidate): boolean {
    if (this.known) return this.known.covers(process);
    return process.pid === globalThis.process.pid || process.pid === globalThis.process.ppid;
  }
}
