/**
 * What a container engine says about its running containers, in the words
 * the views use: name, image, compose project and service, status, and the
 * ports it publishes on this machine. Parsed from the Engine API's
 * `GET /containers/json` and `GET /version` (Docker, and Podman's compatible
 * API: https://docs.docker.com/reference/api/engine/), tolerant of the fields
 * each engine and version leaves out.
 */

export interface PublishedPort {
  /** As the engine reports it; Podman 4 reports every address as '', which is 0.0.0.0 here. */
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
}

export interface Container {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  /** `running`, `paused`, … as the engine says; only running containers are listed. */
  readonly state: string;
  /** `Up 5 minutes`: the engine's own words. */
  readonly status: string;
  readonly project?: string;
  readonly service?: string;
  readonly ports: readonly PublishedPort[];
}

export interface EngineInfo {
  /** `Docker Engine 20.10.24`, `Podman Engine 4.9.4`, `Docker Desktop 4.43.1 (198352)`. */
  readonly name: string;
  /** Where it answered: a unix socket or a Windows named pipe. */
  readonly socketPath: string;
}

export interface ContainerList {
  readonly engine: EngineInfo;
  readonly containers: readonly Container[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function publishedPorts(value: unknown): PublishedPort[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p): PublishedPort[] => {
    if (!isObject(p)) return [];
    const protocol = p.Type;
    // Exposed but not published ports come without PublicPort; sctp is neither a TCP nor a UDP row.
    if (typeof p.PublicPort !== 'number' || typeof p.PrivatePort !== 'number' || (protocol !== 'tcp' && protocol !== 'udp')) return [];
    return [{ hostIp: text(p.IP) ?? '0.0.0.0', hostPort: p.PublicPort, containerPort: p.PrivatePort, protocol }];
  });
}

/** `GET /containers/json` (running containers only); anything that is not a container is skipped. */
export function parseContainers(body: unknown): Container[] {
  if (!Array.isArray(body)) throw new Error('the engine answered /containers/json with something other than a list');
  return body.flatMap((c): Container[] => {
    if (!isObject(c) || typeof c.Id !== 'string') return [];
    const labels = isObject(c.Labels) ? c.Labels : {};
    const names = Array.isArray(c.Names) ? c.Names.filter((n): n is string => typeof n === 'string') : [];
    const project = text(labels['com.docker.compose.project']);
    const service = text(labels['com.docker.compose.service']);
    return [{
      id: c.Id,
      // Names carry a leading slash (and, with legacy links, `/other/alias` entries): the shortest is its own.
      name: names.map((n) => n.replace(/^\//, '')).sort((a, b) => a.length - b.length)[0] ?? c.Id.slice(0, 12),
      image: text(c.Image) ?? '',
      state: text(c.State) ?? 'running',
      status: text(c.Status) ?? '',
      ...(project ? { project } : {}),
      ...(service ? { service } : {}),
      ports: publishedPorts(c.Ports),
    }];
  });
}

/** `GET /version`: the product the user knows (Docker Desktop, Podman), else the engine and its version. */
export function engineName(body: unknown): string {
  if (!isObject(body)) return 'container engine';
  const platform = isObject(body.Platform) ? text(body.Platform.Name) : undefined;
  if (platform?.startsWith('Docker Desktop')) return platform;
  const components = Array.isArray(body.Components) ? body.Components.filter(isObject) : [];
  const podman = components.find((c) => c.Name === 'Podman Engine');
  if (podman) return `Podman Engine ${text(podman.Version) ?? ''}`.trim();
  return `Docker Engine ${text(body.Version) ?? ''}`.trim();
}

/** `shop/web` from the compose labels: what the user named the service in compose.yaml. */
export function composeName(container: Container): string | undefined {
  if (container.project && container.service) return `${container.project}/${container.service}`;
  return container.service ?? container.project;
}
