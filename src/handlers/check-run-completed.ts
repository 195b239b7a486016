import type { Context } from "probot";
import { moveQueue } from "../flows/queue/move-queue.js";

/** `check_run.completed`: the head of a merge queue may now pass or fail its checks. */
export function onCheckRunCompleted() {
  return async (context: Context<"check_run.completed">): Promise<void> => moveQueue(context);
}
