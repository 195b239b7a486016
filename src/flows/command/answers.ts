import type { CommandComment, Op } from "../../core/ops.js";
import type { CommentEvent } from "./comment-event.js";

/** The command comment a reply answers, as the reply marks it. */
export function commandComment(event: CommentEvent): CommandComment {
  return { comment: event.comment.id, since: event.comment.createdAt };
}

/** The decision's replies on the issue the command was said on, each marked as answering the command comment. */
export function answering(event: CommentEvent, ops: readonly Op[]): Op[] {
  const answers = commandComment(event);
  return ops.map((op) => (op.kind === "reply" && op.issue === event.on.number ? { ...op, answers } : op));
}
