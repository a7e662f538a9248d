// extensionTestsPath of the soak run (test/host/run-soak.mjs).
import { runMochaSuite } from '../host/mochaSuite';

export function run(): Promise<void> {
  // The soak's one long test sets its own limit.
  return runMochaSuite('soak', __dirname, 30_000);
}
