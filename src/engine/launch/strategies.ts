/**
 * How the server learns where to listen:
 * - `env`: the launcher picks a free port and passes it as PORT (and `${port}`);
 * - `zero`: PORT=0, the kernel picks, the socket table tells us which;
 * - `socket`: the launcher binds the socket and the server inherits it as fd 3
 *   (systemd's LISTEN_FDS protocol), so the port is held from the start.
 */
import { askKernelForPort } from '../ports/kernelPort';
import { bindHandOffSocket } from './socketHandoff';

export type LaunchStrategy = 'env' | 'zero' | 'socket';
export const LAUNCH_STRATEGIES: readonly LaunchStrategy[] = ['env', 'zero', 'socket'];

export function isLaunchStrategy(value: unknown): value is LaunchStrategy {
  return LAUNCH_STRATEGIES.includes(value as LaunchStrategy);
}

export type AllocatePort = (host: string) => Promise<number>;

export interface StrategyOptions {
  readonly strategy: LaunchStrategy;
  readonly host: string;
  /** A port the user asked for (or the one a restart wants back); 0 or absent lets the strategy choose. */
  readonly port?: number;
  readonly portVariables: readonly string[];
  /** The name in LISTEN_FDNAMES (socket strategy). */
  readonly fdName: string;
  readonly allocatePort?: AllocatePort;
  readonly platform?: NodeJS.Platform;
}

/** What one strategy adds to a launch; `release` after the spawn. */
export interface LaunchPlan {
  readonly strategy: LaunchStrategy;
  /** The port the server is told (0 for `zero`). */
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  /** A descriptor the child inherits as fd 3; the command must then go through the LISTEN_PID wrapper. */
  readonly inheritedFd?: number;
  release(): Promise<void>;
}

export class UnsupportedStrategyError extends Error {}

const nothingToRelease = (): Promise<void> => Promise.resolve();

export async function planLaunch(options: StrategyOptions): Promise<LaunchPlan> {
  const portEnv = (port: number): Record<string, string> => {
    const env: Record<string, string> = { HOST: options.host };
    for (const name of options.portVariables) env[name] = String(port);
    return env;
  };
  switch (options.strategy) {
    case 'zero':
      return { strategy: 'zero', port: 0, env: portEnv(0), release: nothingToRelease };
    case 'env': {
      const allocate = options.allocatePort ?? askKernelForPort;
      const port = options.port ? options.port : await allocate(options.host);
      return { strategy: 'env', port, env: portEnv(port), release: nothingToRelease };
    }
    case 'socket': {
      if ((options.platform ?? process.platform) === 'win32') {
        throw new UnsupportedStrategyError(
          'the socket strategy needs descriptor inheritance, which Windows does not offer: use the env or zero strategy',
        );
      }
      const socket = await bindHandOffSocket(options.host, options.port ?? 0);
      return {
        strategy: 'socket',
        port: socket.port,
        env: { ...portEnv(socket.port), LISTEN_FDS: '1', LISTEN_FDNAMES: options.fdName },
        inheritedFd: socket.fd,
        release: () => socket.close(),
      };
    }
  }
}
