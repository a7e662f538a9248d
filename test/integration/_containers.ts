// Shared by the container tests (trusted and Restricted Mode): the docker client on the engine the
// test host started (DOCKER_HOST), a fixture container, and waiting for the view to show it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SocketsApi } from '../../src/api';
import type { ContainerNode } from '../../src/engine/view/viewNodes';
import { relay } from '../host/mochaSuite';
import { waitFor } from './_launch';

const run = promisify(execFile);
export const IMAGE = 'port-zero-busybox';
export const docker = async (...args: string[]): Promise<string> => (await run('docker', args, { timeout: 60_000 })).stdout.trim();

/** A busybox httpd published on 127.0.0.1::8080 with compose labels, as `docker compose up` would label it; its host port. */
export async function startWeb(name: string): Promise<number> {
  await docker('run', '-d', '--name', name, '--stop-timeout', '1', '-l', 'com.docker.compose.project=shop', '-l', 'com.docker.compose.service=web',
    '-p', '127.0.0.1::8080', IMAGE, '/bin/busybox', 'httpd', '-f', '-p', '8080', '-h', '/www');
  return Number((await docker('port', name, '8080/tcp')).split(':').pop());
}

/**
 * The container's row once the view shows it: refreshes, and waits for the redraw a late answer
 * brings (on a loaded machine dockerd can take longer than the 200 ms a refresh waits).
 */
export function shown(sockets: SocketsApi, name: string): Promise<ContainerNode> {
  return inView(sockets, `a row for ${name} in the Containers group`, () => containerRow(sockets, name));
}

export function inView<T>(sockets: SocketsApi, what: string, check: () => T | undefined, ms = 30_000): Promise<T> {
  const now = check();
  if (now !== undefined) return Promise.resolve(now);
  return waitFor(what, ms, (recheck) => {
    void sockets.refresher.refresh().then(recheck, recheck);
    return sockets.tree.onDidRender(recheck);
  }, check);
}

export function containerRow(sockets: SocketsApi, name: string): ContainerNode | undefined {
  const group = sockets.tree.roots.find((n) => n.kind === 'containerGroup');
  return group?.children.find((n): n is ContainerNode => n.kind === 'container' && n.container.name === name);
}

export const running = async (name: string): Promise<boolean> => (await docker('inspect', '-f', '{{.State.Running}}', name)) === 'true';


/** Why the container tests can't run here, printed and returned; undefined when an engine with the image answers. */
export async function engineMissing(suite: string): Promise<string | undefined> {
  const reason = await docker('version', '--format', '{{.Server.Version}}').then(() => docker('image', 'inspect', IMAGE)).then(() => undefined,
    (e: Error) => `no Docker engine with the ${IMAGE} image answers here (test/host/docker-engine.sh starts one as root): ${e.message.split('\n')[0]}`);
  if (reason) relay(`  ${suite}: skipped: ${reason}`);
  return reason;
}
