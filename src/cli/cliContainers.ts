/**
 * What `port-zero ls` and `port-zero stop` say and do about containers: a
 * listener that is a container's published port is named after the
 * container, and stopping it stops the container through the engine's API
 * (never by signalling docker-proxy), asked on a terminal or agreed with
 * --yes, as for a process.
 */
import { composeName, type Container, type ContainerList } from '../engine/containers/container';
import { ContainerSource } from '../engine/containers/containerSource';
import { type ContainerPort } from '../engine/containers/publishedPorts';

export type ContainerReader = Pick<ContainerSource, 'list' | 'act' | 'dispose'>;

/** A second is plenty for a local engine and still short for a command someone waits on. */
export const containerReader = (): ContainerReader => new ContainerSource({ timeoutMs: 1000 });

/** `pz-web (port-zero-busybox, shop/web)`. */
export function containerName(container: Container): string {
  return `${container.name} (${[container.image, composeName(container)].filter(Boolean).join(', ')})`;
}

export interface ContainerJson {
  id: string;
  name: string;
  image: string;
  project?: string;
  service?: string;
  status: string;
  engine: string;
  containerPort: number;
}

export function containerJson({ container: c, port }: ContainerPort, list: ContainerList): ContainerJson {
  return {
    id: c.id, name: c.name, image: c.image,
    ...(c.project ? { project: c.project } : {}), ...(c.service ? { service: c.service } : {}),
    status: c.status, engine: list.engine.name, containerPort: port.containerPort,
  };
}

/** Stops each container under stop's rules: asked on a terminal, or --yes. True when all are stopped. */
export async function stopContainers(containers: readonly Container[], where: string, yes: boolean, reader: ContainerReader,
  ask: ((question: string) => Promise<boolean>) | undefined, say: (line: string, stream?: 'out' | 'err') => void): Promise<boolean> {
  let all = true;
  for (const c of containers) {
    const label = `container ${containerName(c)}`;
    if (!yes) {
      if (ask === undefined) {
        say(`port-zero: not stopping ${label} without asking; run port-zero stop ${where} --yes to stop it.`);
        all = false;
        continue;
      }
      if (!(await ask(`Stop ${label}, which publishes ${where}? [y/N] `))) {
        say(`port-zero: left ${label} running.`);
        all = false;
        continue;
      }
    }
    try {
      const outcome = await reader.act(c, 'stop');
      say(outcome === 'done' ? `stopped ${label}` : `${label} had already stopped`, 'out');
    } catch (error) {
      say(`port-zero: the container engine could not stop ${label}: ${error instanceof Error ? error.message : String(error)}`);
      all = false;
    }
  }
  return all;
}
