/**
 * The `portZero.launch.*` settings and the predicates a task's fields share
 * with them, so a setting and a task field are checked by the same rule.
 */
import * as vscode from 'vscode';
import { MAX_READY_TIMEOUT_SECONDS } from '../engine/launch/launchOptions';
import { isLaunchStrategy, LAUNCH_STRATEGIES, type LaunchStrategy } from '../engine/launch/strategies';

/** What a launch does when it first listens on an http(s) address (`portZero.launch.openOnReady`). */
export const OPEN_ON_READY = ['notify', 'browser', 'simpleBrowser', 'silent'] as const;
export type OpenOnReady = (typeof OPEN_ON_READY)[number];
export const isOpenOnReady = (v: unknown): v is OpenOnReady => (OPEN_ON_READY as readonly unknown[]).includes(v);

export interface LaunchSettings {
  readonly strategy: LaunchStrategy;
  readonly openOnReady: OpenOnReady;
  readonly host: string;
  readonly envVariables: readonly string[];
  readonly readyTimeoutSeconds: number;
}

const defaults: LaunchSettings = { strategy: 'env', openOnReady: 'notify', host: '127.0.0.1', envVariables: ['PORT'], readyTimeoutSeconds: 60 };
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const isReadyTimeout = (v: unknown): v is number => typeof v === 'number' && v >= 1 && v <= MAX_READY_TIMEOUT_SECONDS;

/** An address to bind, as a setting or a task field gives it; checked by the kernel's bind, not here. */
export const isLaunchHost = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** A name a POSIX shell accepts for an environment variable. */
export const isVariableName = (v: unknown): v is string => typeof v === 'string' && variableName.test(v);

/**
 * Reads `portZero.launch.*` for a folder. A malformed value is reported (once
 * per distinct problem, through `warn`) naming the setting, and its default is
 * used instead: a typo in settings.json must not stop a launch.
 */
export function readLaunchSettings(scope: vscode.ConfigurationScope | undefined, warn: (message: string) => void): LaunchSettings {
  const config = vscode.workspace.getConfiguration('portZero.launch', scope);
  const problems: string[] = [];
  const strategy = config.get<unknown>('strategy', defaults.strategy);
  const host = config.get<unknown>('host', defaults.host);
  const envVariables = config.get<unknown>('envVariables', defaults.envVariables);
  const timeout = config.get<unknown>('readyTimeoutSeconds', defaults.readyTimeoutSeconds);
  const openOnReady = config.get<unknown>('openOnReady', defaults.openOnReady);
  const result: LaunchSettings = {
    strategy: isLaunchStrategy(strategy) ? strategy : bad('strategy', strategy, `one of ${LAUNCH_STRATEGIES.join(', ')}`, defaults.strategy),
    host: isLaunchHost(host) ? host.trim() : bad('host', host, 'an address such as 127.0.0.1', defaults.host),
    envVariables:
      Array.isArray(envVariables) && envVariables.length > 0 && envVariables.every(isVariableName)
        ? envVariables
        : bad('envVariables', envVariables, 'a list of environment variable names such as ["PORT"]', defaults.envVariables),
    openOnReady: isOpenOnReady(openOnReady) ? openOnReady : bad('openOnReady', openOnReady, `one of ${OPEN_ON_READY.join(', ')}`, defaults.openOnReady),
    readyTimeoutSeconds: isReadyTimeout(timeout) ? timeout : bad('readyTimeoutSeconds', timeout, `a number of seconds from 1 to ${MAX_READY_TIMEOUT_SECONDS}`, defaults.readyTimeoutSeconds),
  };
  for (const p of problems) warn(p);
  return result;

  function bad<T>(key: string, value: unknown, expected: string, fallback: T): T {
    problems.push(
      vscode.l10n.t('Setting portZero.launch.{0} is {1}; expected {2}. Using {3}.', key, JSON.stringify(value), expected, JSON.stringify(fallback)),
    );
    return fallback;
  }
}
