/**
 * Which container a host socket or a port number belongs to. A published
 * port is held on the host by the engine's forwarder (`docker-proxy`,
 * `rootlessport`, `rootlesskit`, Docker Desktop's backend) or by no process
 * at all (firewall rules only): the port number, protocol and address say
 * whose it is, whoever holds it.
 */
import type { Socket } from '../sockets/socket';
import type { Container, ContainerList, PublishedPort } from './container';

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

const isLoopback = (ip: string): boolean => ip.startsWith('127.') || ip === '::1';

/** Whether a listener at this address and port is the host end of `port`. */
export function isHostEndOf(port: PublishedPort, socket: Pick<Socket, 'protocol' | 'local'>): boolean {
  if (socket.protocol !== port.protocol || socket.local.port !== port.hostPort) return false;
  return WILDCARDS.has(port.hostIp) || socket.local.wildcard || socket.local.address === port.hostIp;
}

export interface ContainerPort {
  readonly container: Container;
  readonly port: PublishedPort;
}

export function containerOfSocket(list: ContainerList | undefined, socket: Pick<Socket, 'protocol' | 'local'>): ContainerPort | undefined {
  for (const container of list?.containers ?? []) {
    const port = container.ports.find((p) => isHostEndOf(p, socket));
    if (port) return { container, port };
  }
  return undefined;
}

/** Containers publishing `port` where a connection to `host` (an address, `localhost`, or any) would reach it. */
export function containersOnPort(list: ContainerList | undefined, query: { readonly port: number; readonly host?: string }): Container[] {
  return (list?.containers ?? []).filter((c) => c.ports.some((p) => p.hostPort === query.port && (
    query.host === undefined || WILDCARDS.has(p.hostIp) || p.hostIp === query.host || (query.host === 'localhost' && isLoopback(p.hostIp)))));
}

/** `127.0.0.1:32768 → 8080/tcp`: the host end, then the container's port. */
export function publishedPortLabel(port: PublishedPort): string {
  const ip = WILDCARDS.has(port.hostIp) ? (port.hostIp === '::' ? '[::]' : '0.0.0.0') : port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp;
  return `${ip}:${port.hostPort} → ${port.containerPort}/${port.protocol}`;
}
