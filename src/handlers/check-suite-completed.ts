import type { Context } from "probot";
import { moveQueue } from "../flows/queue/move-queue.js";

/** `check_suite.completed`: a whole suite finished on some head, perhaps the queue's. */
export function onCheckSuiteCompleted() {
  return async (context: Context<"check_suite.completed">): Promise<void> => moveQueue(context);
}
