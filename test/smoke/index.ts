// extensionTestsPath of the smoke run (test/host/run-vsix-smoke.mjs).
import { runMochaSuite } from '../host/mochaSuite';

export function run(): Promise<void> {
  return runMochaSuite('smoke', __dirname, 30_000);
}
