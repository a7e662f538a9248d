/**
 * Where a container engine's API may answer on this machine, in the order
 * the `docker` CLI and Podman look: `DOCKER_HOST` when it names a local socket
 * (a `tcp://` host is another machine's or a remote engine's, so it is left
 * out), else the rootful socket, else the user's rootless Docker and Podman
 * sockets; Docker Desktop's per-user socket on macOS; the named pipe on
 * Windows. Node's `http` takes a unix socket and a named pipe alike as
 * `socketPath`, so every platform goes through the same client.
 */
import * as os from 'node:os';
import * as path from 'node:path';

export interface EngineSocketContext {
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  readonly home?: string;
}

/** `npipe:////./pipe/docker_engine` or `//./pipe/docker_engine` → `\\.\pipe\docker_engine`, the form Node opens. */
function pipePath(name: string): string {
  return name.replace(/\//g, '\\');
}

/** The socket paths to try, most specific first; `skipped` says why DOCKER_HOST was not used. */
export function engineSockets(ctx: EngineSocketContext = { env: process.env, platform: process.platform }): { paths: string[]; skipped?: string } {
  const host = ctx.env.DOCKER_HOST?.trim();
  if (host) {
    if (host.startsWith('unix://')) return { paths: [host.slice('unix://'.length)] };
    if (host.startsWith('npipe://')) return { paths: [pipePath(host.slice('npipe://'.length))] };
    return { paths: [], skipped: `DOCKER_HOST is ${host}, not a local socket: containers are not read from it` };
  }
  if (ctx.platform === 'win32') return { paths: [pipePath('//./pipe/docker_engine'), pipePath('//./pipe/podman-machine-default')] };
  const home = ctx.home ?? os.homedir();
  if (ctx.platform === 'darwin') return { paths: ['/var/run/docker.sock', path.join(home, '.docker', 'run', 'docker.sock')] };
  const runtime = ctx.env.XDG_RUNTIME_DIR;
  return {
    paths: [
      '/var/run/docker.sock',
      ...(runtime ? [path.join(runtime, 'docker.sock'), path.join(runtime, 'podman', 'podman.sock')] : []),
      '/run/podman/podman.sock',
    ],
  };
}
