/** A launch's options turned into a port plan, or into the error the user reads when there is none. */
import { LaunchError } from './launchError';
import type { LaunchOptions } from './launchOptions';
import { AllocatePort, LaunchPlan, planLaunch, UnsupportedStrategyError } from './strategies';

export async function planOrExplain(options: LaunchOptions, allocatePort?: AllocatePort): Promise<LaunchPlan | LaunchError> {
  const host = options.host ?? '127.0.0.1';
  try {
    return await planLaunch({
      strategy: options.strategy ?? 'env',
      host,
      port: options.port,
      portVariables: options.portVariables ?? ['PORT'],
      fdName: options.fdName ?? 'http',
      allocatePort,
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return e instanceof UnsupportedStrategyError
      ? new LaunchError('unsupported', message)
      : new LaunchError('portUnavailable', `no port on ${host}: ${message}`);
  }
}
