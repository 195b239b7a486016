import type { Context } from "probot";
import { moveQueue } from "../flows/queue/move-queue.js";

/** `status`: a commit status was set; a pending one changes nothing the queue waits for. */
export function onStatus() {
  return async (context: Context<"status">): Promise<void> => {
    if (context.payload.state === "pending") return;
    await moveQueue(context);
  };
}
