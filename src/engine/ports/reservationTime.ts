/**
 * How long a reservation lasts: `portZero.reservationSeconds` in the window,
 * `PORT_ZERO_RESERVATION_SECONDS` and `--ttl` for `port-zero port`. One rule
 * for all three (package.json's minimum and maximum), so a value the window
 * uses and writes into its terminals is one the command line accepts.
 */
import { DEFAULT_RESERVATION_MS } from './allocator';

export const MIN_RESERVATION_SECONDS = 1;
/** A day: a reservation is a moment between choosing a port and binding it, not a lease. */
export const MAX_RESERVATION_SECONDS = 86_400;
export const RESERVATION_SECONDS_RULE = `a number of seconds from ${MIN_RESERVATION_SECONDS} to ${MAX_RESERVATION_SECONDS}`;

export function isReservationSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= MIN_RESERVATION_SECONDS && value <= MAX_RESERVATION_SECONDS;
}

export interface ReservationTimeParse {
  /** The value's, or the default when it is unset or invalid. */
  reservationMs: number;
  /** Set when a value was given but is not usable; names `setting`. */
  error?: string;
}

/** Checks `portZero.reservationSeconds`; unset means the default and is not an error. */
export function parseReservationSeconds(value: unknown, setting = 'portZero.reservationSeconds'): ReservationTimeParse {
  if (value === undefined || value === null) return { reservationMs: DEFAULT_RESERVATION_MS };
  if (!isReservationSeconds(value)) {
    return { reservationMs: DEFAULT_RESERVATION_MS, error: `${setting} must be ${RESERVATION_SECONDS_RULE}, not ${JSON.stringify(value) ?? String(value)}.` };
  }
  return { reservationMs: Math.round(value * 1000) };
}
