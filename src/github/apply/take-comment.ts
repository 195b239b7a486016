import type { GitHub, Repo } from "../octokit.js";

/**
 * Marks a command comment as being handled, with the bot's 👀 reaction.
 *
 * GitHub answers 201 when it creates the reaction and 200 when this app already reacted: the same
 * delivery arriving twice, at one replica or at two, is handled only by whoever created the reaction.
 * Returns the reaction id when this caller won, `null` when someone already took the comment.
 */
export async function takeComment(github: GitHub, repo: Repo, commentId: number): Promise<number | null> {
  const response = await github.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content: "eyes" });
  return response.status === 201 ? response.data.id : null;
}

/** Gives a comment back (after a failure nobody was told about), so a redelivery can try again. */
export async function giveBackComment(github: GitHub, repo: Repo, commentId: number, reactionId: number): Promise<void> {
  await github.rest.reactions.deleteForIssueComment({ ...repo, comment_id: commentId, reaction_id: reactionId });
}
