/**
 * Port ranges (`portZero.portRange`, `--range`, a request's `range`): parsed
 * with a message naming the setting, and drawn from in random order.
 */
import * as fs from 'node:fs';

/** An inclusive range of TCP ports to pick free ports from, e.g. 20000-29999. */
export interface PortRange {
  first: number;
  last: number;
}

export interface PortRangeParse {
  /** Undefined when unset or invalid: the kernel chooses. */
  range?: PortRange;
  /** Set when the text was given but is not a usable range; names `setting`. */
  error?: string;
}

const MAX_PORT = 65535;

/**
 * Parses `portZero.portRange`. Unset, empty or blank means "let the kernel
 * choose" and is not an error; anything else must be `first-last` with
 * 1 <= first < last <= 65535 (spaces around the parts are fine).
 */
export function parsePortRange(value: unknown, setting = 'portZero.portRange'): PortRangeParse {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') {
    return { error: `${setting} must be a string like "20000-29999", not ${JSON.stringify(value)}.` };
  }
  const text = value.trim();
  if (text === '') return {};
  const fail = (why: string): PortRangeParse => ({
    error: `${setting} "${value}" ${why}; write it as "first-last", for example "20000-29999".`,
  });
  const match = /^(\d+)\s*-\s*(\d+)$/.exec(text);
  if (match === null) {
    return fail(/^\d+$/.test(text) ? 'is a single port, not a range' : 'is not a range of port numbers');
  }
  const first = Number(match[1]);
  const last = Number(match[2]);
  if (first < 1 || last > MAX_PORT) return fail(`must stay within 1-${MAX_PORT}`);
  if (first > last) return fail('is reversed: the first port must be the lower one');
  if (first === last) return fail('holds a single port, not a range');
  return { range: { first, last } };
}

export function rangeSize(range: PortRange): number {
  return range.last - range.first + 1;
}

/**
 * The ports of `range` in random order without repeats, drawn lazily by a
 * sparse Fisher-Yates shuffle so a 65,535-port range costs only what is drawn.
 */
export function* randomOrder(range: PortRange, random: () => number = Math.random): Generator<number> {
  const size = rangeSize(range);
  const swapped = new Map<number, number>();
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (size - i));
    const atJ = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    yield range.first + atJ;
  }
}

/** IANA's dynamic range (RFC 6335), what macOS and Windows use by default. */
const IANA_DYNAMIC: PortRange = { first: 49152, last: 65535 };

/** The range the kernel hands ephemeral ports from (Linux: ip_local_port_range, see ip-sysctl docs). */
export function ephemeralPortRange(): PortRange {
  try {
    const [first, last] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(first) && Number.isInteger(last) && first >= 1 && first < last && last <= MAX_PORT) return { first, last };
  } catch {
    // Not Linux, or /proc is hidden: fall through.
  }
  return IANA_DYNAMIC;
}
