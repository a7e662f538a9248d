/**
 * The process table's row: what every platform's table (procfs, ps,
 * Win32_Process) tells of one process, and the table itself.
 */
import type { StartClock } from './processInfo';

/** One process of the machine's process table (see processTable.ts). */
export interface ProcessEntry {
  readonly pid: number;
  /** The program's short name (comm; the executable's name on Windows), for messages that list processes. */
  readonly name?: string;
  readonly ppid: number;
  /** Process group; absent on Windows, which has none. */
  readonly pgid?: number;
  /** Session id (Linux); absent where `ps` or Win32_Process answers. */
  readonly session?: number;
  /** Identity across pid reuse, in the unit `startClock` names. */
  readonly startTime?: number;
  /** Undefined means `procStat` (Linux); `processList` where `ps` or Win32_Process answers. */
  readonly startClock?: StartClock;
  /** Exited but not yet reaped: holds nothing but its pid. */
  readonly zombie: boolean;
  /**
   * Its environment holds the mark asked for: it descends from our launch,
   * wherever it moved. Undefined where environments can't be read (no mark
   * asked for, or off Linux).
   */
  readonly marked?: boolean;
  /** The owner's uid, read for marked processes (Linux only). */
  readonly uid?: number;
}

export type ProcessTable = ReadonlyMap<number, ProcessEntry>;
