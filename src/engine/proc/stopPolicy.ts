/**
 * The one stop policy: guard → ownership → confirm → terminate → confirm
 * force → report, for every front end that stops a process (the Ports
 * view's Stop, Stop the Process on a Port, `port-zero stop`). What may be
 * stopped, and in which order the questions come, is decided only here;
 * a front end says how to ask and words the verdict. A launch's tree (a
 * started server, a lost window's servers) is stopped by killTree, whose
 * members pass the same guard (treeKiller.ts, launchMembers.ts).
 */
import type { EditorCandidate } from './editorProcesses';
import { isNamespaceInit } from './pidNamespace';
import type { ProcessInfo } from './processInfo';
import { identityOf } from './processIdentity';
import { CurrentUser, Ownership, ownershipOf } from './processOwner';
import { forceKill, StopOptions, StopOutcome, terminate } from './processStop';

/**
 * `editor`: the editor's own (or the shell that ran the CLI); `init`: the
 * init of a pid namespace, whose end takes the whole container with it;
 * `notYours`: another user's; `declined`: the user said no.
 */
export type StopVerdict = 'editor' | 'init' | 'notYours' | 'declined' | StopOutcome;

/** How a front end asks; each question false stops there. */
export interface StopConsent {
  /** `unknown`: the owner could not be read, which the question says. */
  confirm(owner: Ownership): Promise<boolean>;
  /** The clean request failed (`running`), or Windows can only force (`needsForce`). */
  confirmForce(reason: 'running' | 'needsForce'): Promise<boolean>;
}

export interface StopRules extends StopOptions {
  readonly isEditor: (process: EditorCandidate) => boolean;
  readonly me: CurrentUser;
  /** The socket's uid, for a process whose own could not be read. */
  readonly socketUid?: number;
  readonly terminate?: typeof terminate;
  readonly forceKill?: typeof forceKill;
}

export async function stopWithConsent(process: ProcessInfo, rules: StopRules, consent: StopConsent): Promise<StopVerdict> {
  if (rules.isEditor(process)) return 'editor';
  if (isNamespaceInit(process.pid)) return 'init';
  const owner = ownershipOf({ uid: process.uid ?? rules.socketUid, user: process.user }, rules.me);
  if (owner === 'other') return 'notYours';
  if (!(await consent.confirm(owner))) return 'declined';
  // Pid and start time, re-read before every signal the way the row's source read them.
  const who = identityOf(process);
  const outcome = await (rules.terminate ?? terminate)(who, rules);
  if ((outcome === 'running' || outcome === 'needsForce') && (await consent.confirmForce(outcome))) {
    return (rules.forceKill ?? forceKill)(who, rules);
  }
  return outcome;
}
