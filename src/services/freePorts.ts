import * as vscode from 'vscode';
import { DEFAULT_RESERVATION_MS } from '../engine/ports/allocator';
import { parsePortRange, PortRange } from '../engine/ports/portRange';

/** The `portZero.*` settings the free-port allocator reads, checked. */
export interface AllocatorSettings {
  range?: PortRange;
  /** Why `portZero.portRange` was ignored, for the user; undefined when it is fine. */
  rangeError?: string;
  reservationMs: number;
}

export function readAllocatorSettings(scope?: vscode.ConfigurationScope): AllocatorSettings {
  const config = vscode.workspace.getConfiguration('portZero', scope);
  const { range, error } = parsePortRange(config.get<unknown>('portRange'));
  const seconds = config.get<unknown>('reservationSeconds');
  const reservationMs = typeof seconds === 'number' && seconds >= 1 ? Math.round(seconds * 1000) : DEFAULT_RESERVATION_MS;
  return { range, rangeError: error, reservationMs };
}
