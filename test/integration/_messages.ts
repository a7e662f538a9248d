// What Port Zero told the user, as the tests see it: every notification goes
// through the UserMessages seam the API exposes.
import type { PortZeroApi } from '../../src/api';
import type { ShownMessage } from '../../src/messages/userMessages';
import { waitFor } from './_launch';

export interface RecordedMessages {
  /** Every notification shown since recording began, oldest first. */
  readonly seen: ShownMessage[];
  /** The first message (already seen or still to come) whose text matches. */
  next(pattern: RegExp, ms?: number): Promise<ShownMessage>;
  dispose(): void;
}

/** Records what Port Zero tells the user, through the messages seam the API exposes. */
export function recordMessages(portZero: PortZeroApi): RecordedMessages {
  const { messages } = portZero;
  const seen: ShownMessage[] = [];
  const subscription = messages.onDidShow((m) => seen.push(m));
  return {
    seen,
    next: (pattern, ms = 20_000) =>
      waitFor(`a message matching ${pattern}; seen: ${JSON.stringify(seen.map((m) => m.text))}`, ms, (recheck) => messages.onDidShow(recheck), () =>
        seen.find((m) => pattern.test(m.text))),
    dispose: () => subscription.dispose(),
  };
}
