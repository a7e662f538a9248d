/**
 * What the extension tells the `port-zero` command through the environment
 * of VS Code's terminals (see src/terminal/cliOnPath.ts): a process started
 * from a shell cannot read VS Code's settings, so the window writes the
 * values in force into these variables, and a new terminal inherits them.
 * It lives in the engine because both faces read it, and neither may import
 * the other.
 */
export const CLI_ENV = {
  /** The effective `portZero.portRange` (`first-last`), empty when the system chooses. */
  range: 'PORT_ZERO_RANGE',
  /** The effective `portZero.reservationSeconds`. */
  reservationSeconds: 'PORT_ZERO_RESERVATION_SECONDS',
  /** The Node the shim runs the CLI with: the extension host's own (`process.execPath`). */
  node: 'PORT_ZERO_NODE',
  /** The window's workspace (folder or .code-workspace file) its port names belong to; empty in an empty window. */
  workspace: 'PORT_ZERO_WORKSPACE',
  /** The extension host's `pid:start`: `stop` never stops it or its ancestors, as the Ports view does not. */
  editorPid: 'PORT_ZERO_EDITOR_PID',
} as const;
