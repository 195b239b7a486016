import type { CommandComment } from "../../core/ops.js";
import { answersMarker } from "../../messages/reply-marker.js";
import type { GitHub, Repo } from "../octokit.js";

interface ThreadComment {
  readonly id: number;
  readonly body?: string | null;
  readonly user: { readonly login: string } | null;
}

/** The app's comments on `issue` since the command that answer it (anyone can paste the marker into their own). */
export async function answersTo(github: GitHub, repo: Repo, issue: number, command: CommandComment, botLogin: string): Promise<number[]> {
  const marker = answersMarker(command.comment);
  const { data } = await github.rest.issues.listComments({ ...repo, issue_number: issue, since: command.since, per_page: 100 });
  return data.filter((c) => isAnswer(c, marker, botLogin)).map((c) => c.id);
}

function isAnswer(comment: ThreadComment, marker: string, botLogin: string): boolean {
  return comment.user?.login.toLowerCase() === botLogin.toLowerCase() && (comment.body ?? "").trimEnd().endsWith(marker);
}
