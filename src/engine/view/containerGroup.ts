/**
 * The Containers group of the Ports tree: each running container with its
 * name, image, compose project/service and status, and under it each port it
 * publishes (`127.0.0.1:32768 → 8080/tcp`). The host listeners behind those
 * ports (docker-proxy's, rootlessport's) are claimed by the group, so they do
 * not show again under a root process or "Owner unknown"; a port forwarded
 * by firewall rules alone, with no host listener, still shows, from the
 * engine's answer.
 */
import { composeName, type Container, type ContainerList } from '../containers/container';
import { isHostEndOf, publishedPortLabel } from '../containers/publishedPorts';
import { parseEndpoint } from '../sockets/address';
import { isBrowsable } from '../sockets/localAddresses';
import { withLabel } from '../sockets/portsAttributes';
import { isListener, type Snapshot, type Socket } from '../sockets/socket';
import type { ContainerGroupNode, ContainerNode, ContainerPortNode, SocketFilter, ViewContext } from './viewNodes';

function hostSocket(container: Container, port: Container['ports'][number]): Socket {
  const family = port.hostIp.includes(':') ? 6 : 4;
  const local = parseEndpoint(port.hostIp || '0.0.0.0', port.hostPort, family) ?? parseEndpoint('0.0.0.0', port.hostPort, 4)!;
  return { id: `${container.id}:${port.hostIp}:${port.hostPort}/${port.protocol}`, protocol: port.protocol, family, state: port.protocol === 'tcp' ? 'LISTEN' : 'BOUND', local };
}

export interface ContainerGroup {
  readonly node: ContainerGroupNode | undefined;
  /** Host listeners that are a container's published ports: shown in the group, not elsewhere. */
  readonly claimed: ReadonlySet<Socket>;
}

export function containerGroup(list: ContainerList | undefined, shown: readonly Socket[], snapshot: Snapshot,
  filter: SocketFilter, ctx: ViewContext): ContainerGroup {
  const claimed = new Set<Socket>();
  if (list === undefined || list.containers.length === 0) return { node: undefined, claimed };
  const listeners = shown.filter(isListener);
  const id = 'containers';
  const containers = [...list.containers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((container): ContainerNode => {
    const nodeId = `${id}/container:${container.id}`;
    const ports = container.ports.filter((p) => (p.protocol === 'tcp' ? filter.tcp : filter.udp)).map((port): ContainerPortNode => {
      const held = listeners.filter((s) => isHostEndOf(port, s));
      for (const s of held) claimed.add(s);
      const socket = held[0] ?? hostSocket(container, port);
      const process = socket.pid === undefined ? undefined : snapshot.processes.get(socket.pid);
      const label = withLabel(publishedPortLabel(port), ctx.web?.labelOf(socket, process));
      const web = port.protocol === 'tcp' && isBrowsable(socket.local);
      const key = `port:${port.hostIp}:${port.hostPort}/${port.protocol}`;
      return {
        kind: 'containerPort', id: `${nodeId}/${key}`, key, parentId: nodeId, children: [],
        contextValue: `portZero.containerPort.${port.protocol}${web ? '.web' : ''}`,
        signature: `${label}|${socket.id}|${process?.pid ?? ''}`,
        container, engine: list.engine, port, socket, process, label,
      };
    });
    const description = [container.image, composeName(container), container.status].filter(Boolean).join(' · ');
    const tcp = ports.some((p) => p.port.protocol === 'tcp');
    const web = ports.some((p) => p.contextValue.endsWith('.web'));
    return {
      kind: 'container', id: nodeId, key: `container:${container.id}`, parentId: id, children: ports,
      contextValue: `portZero.container${tcp ? '.tcp' : ''}${web ? '.web' : ''}`,
      signature: `${container.name}|${description}|${list.engine.name}`,
      container, engine: list.engine, label: container.name, description,
    };
  });
  return { node: { kind: 'containerGroup', id, key: id, parentId: undefined, children: containers, contextValue: 'portZero.containerGroup', signature: '' }, claimed };
}
