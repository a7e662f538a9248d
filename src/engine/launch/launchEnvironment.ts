/**
 * The environment a launched server starts with: the user's, minus stray
 * socket-activation variables, plus the strategy's port variables and the
 * launch's mark.
 */
import type { LaunchOptions } from './launchOptions';
import type { LaunchPlan } from './strategies';

/** Variables of the socket-activation protocol a child must not inherit by accident. */
const LISTEN_VARIABLES = ['LISTEN_FDS', 'LISTEN_PID', 'LISTEN_FDNAMES'];
/** Inherited by everything the launch starts, so stop() finds daemonised descendants too. */
export const MARK_VARIABLE = 'PORT_ZERO_LAUNCH';

export function launchEnvironment(options: LaunchOptions, plan: LaunchPlan, mark: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...(options.baseEnv ?? process.env) };
  for (const name of LISTEN_VARIABLES) delete env[name];
  Object.assign(env, options.env);
  // Servers print plain text into a pipe; the user sees a terminal.
  if (env.FORCE_COLOR === undefined && env.NO_COLOR === undefined) env.FORCE_COLOR = '1';
  Object.assign(env, plan.env, { [MARK_VARIABLE]: mark });
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env;
}
