/**
 * A socket as a tree row: the one node kind there are thousands of, so its
 * strings are made only when asked for (see SocketRow).
 */
import { formatEndpoint } from '../sockets/address';
import { isBrowsable } from '../sockets/localAddresses';
import { isListener, isTcpListener, type Socket } from '../sockets/socket';
import { socketUrl } from '../sockets/socketUrl';
import { withLabel } from '../sockets/portsAttributes';
import type { ProcessInfo } from '../proc/processInfo';
import type { Ownership } from '../proc/processOwner';
import type { SocketNode, ViewNode, WebFacts } from './viewNodes';

export function socketLabel(socket: Socket): string {
  const local = formatEndpoint(socket.local);
  return isListener(socket) || socket.peer === undefined ? local : `${local} → ${formatEndpoint(socket.peer)}`;
}

// Few distinct values, thousands of sockets: one string each instead of one per socket.
const interned = new Map<string, string>();
function intern(key: string, make: () => string): string {
  let value = interned.get(key);
  if (value === undefined) interned.set(key, (value = make()));
  return value;
}

export function socketDescription(socket: Socket): string {
  return isListener(socket) ? intern(socket.state + socket.protocol, () => `${socket.state} ${socket.protocol}`) : socket.state;
}

const NO_CHILDREN: readonly ViewNode[] = Object.freeze([]);

/**
 * The one node kind there are thousands of: its strings (id, label,
 * description) are made only when VS Code asks for that row, which keeps a
 * refresh of a big table mostly free of allocation and garbage collection.
 */
export class SocketRow implements SocketNode {
  readonly kind = 'socket';
  readonly children = NO_CHILDREN;
  readonly listener: boolean;
  readonly own: boolean;
  readonly contextValue: string;
  private text: { id?: string; label?: string } = {};

  constructor(readonly parentId: string, readonly socket: Socket, readonly process: ProcessInfo | undefined,
    readonly owner: Ownership, readonly ownerSuffix: string, private readonly facts?: WebFacts) {
    this.listener = isListener(socket);
    const own = (this.own = process !== undefined && owner !== 'other');
    // `.web`: Open in Browser is offered (see isBrowsable); Copy URL needs only `.tcp`.
    const web = socketUrl(socket) !== undefined && isBrowsable(socket.local);
    this.contextValue = intern(`${this.listener}${socket.protocol}${web}${own}`,
      () => `portZero.${this.listener ? 'listener' : 'connection'}.${socket.protocol}${web ? '.web' : ''}${own ? '.own' : ''}`);
  }

  get key(): string {
    return `socket:${this.socket.id}`;
  }

  get id(): string {
    return (this.text.id ??= `${this.parentId}/${this.key}`);
  }

  get label(): string {
    return (this.text.label ??= this.facts && isTcpListener(this.socket)
      ? withLabel(socketLabel(this.socket), this.facts.labelOf(this.socket, this.process))
      : socketLabel(this.socket));
  }

  /** Not kept: a probe's answer may arrive after the first draw, and the row is redrawn for it. */
  get description(): string {
    const https = this.facts !== undefined && isTcpListener(this.socket) && this.facts.schemeOf(this.socket, this.process) === 'https';
    return socketDescription(this.socket) + (https ? ' · https' : '') + this.ownerSuffix;
  }
}
