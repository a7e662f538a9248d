/** What a subcommand has to say and how it ends; main.ts writes it out, tests read it. */
export interface CliResult {
  readonly code: number;
  readonly stdout?: string;
  readonly stderr?: string;
}
