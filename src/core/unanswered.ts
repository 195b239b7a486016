import { isHeld, type Lock } from "./lock.js";
import { sameLogin } from "./same-login.js";

/**
 * How long a live handler may take from a claim's lock write to its reply before a redelivery may assume it died:
 * the reply is the third write after the lock (about 3 s with GitHub's pacing), and every request has a 30 s
 * deadline, so two minutes leaves room for a rate-limit wait without mistaking a slow handler for a dead one.
 */
export const ANSWER_DEADLINE_MS = 2 * 60_000;

/**
 * A claim this comment made (its latest lock state, held by the comment's author) long enough ago that its handler
 * should have answered: if no answer is there, the handler died between the lock and its reply (a process killed,
 * then the delivery redelivered), and the redelivery finishes the track and answers. Younger than the deadline, a
 * second delivery of the comment stays silent: its twin is still at work.
 */
export function claimMayBeUnanswered(lock: Lock, commentId: number, author: string, now: Date): boolean {
  return lock.cause === commentId && isHeld(lock) && sameLogin(lock.holder, author) && now.getTime() - Date.parse(lock.since) >= ANSWER_DEADLINE_MS;
}
