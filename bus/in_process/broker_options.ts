/**
 * What a `Broker` (`broker.ts`) is given: mailbox bounds, the dead-letter
 * limits and hook, its clock.
 *
 * @module
 */
import type { Topic } from "../../messages/mod.ts";
import type { DeadLetter, MailboxPolicy } from "../types.ts";

/** Options of `Broker` (`broker.ts`). */
export interface BrokerOptions {
  policies?: Partial<Record<Topic, MailboxPolicy>>;
  /** Deliveries of one message before it is dead-lettered, counting consumer crashes. */
  maxAttempts?: number;
  /** Dead letters kept in memory for inspection. */
  deadLetterLimit?: number;
  /** Called for each dead letter (log it, count it). */
  onDeadLetter?: (letter: DeadLetter) => void;
  now?: () => number;
}
