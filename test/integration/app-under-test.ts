import { randomUUID } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import switchyard from "../../src/index.js";
import type { EmulatedGitHub } from "../support/emulated-github.js";
import { issueCommentCreated } from "../support/payloads.js";

/**
 * A Switchyard app (a "replica") wired to the emulated GitHub, receiving events through `probot.receive`
 * with real webhook payloads. Octokit's retry waits are shortened so fault tests stay quick.
 */
export async function startReplica(gh: EmulatedGitHub): Promise<Probot> {
  const probot = new Probot({
    appId: gh.appId,
    privateKey: gh.privateKey,
    secret: gh.webhookSecret,
    baseUrl: gh.url,
    request: { fetch: gh.fetch },
    logLevel: "fatal",
    // The function form merges with Probot's own defaults; the object form would leave throttling on.
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { ...(options.retry as object), retryAfterBaseValue: 1 },
      throttle: { ...(options.throttle as object), enabled: false },
    })),
  });
  await probot.load(switchyard);
  return probot;
}

export interface Said {
  readonly commentId: number;
  readonly deliveryId: string;
  readonly payload: ReturnType<typeof issueCommentCreated>;
}

/** Posts a comment as `login` on the emulated GitHub and builds the webhook GitHub would send for it. */
export async function comment(gh: EmulatedGitHub, login: string, issueNumber: number, body: string): Promise<Said> {
  const { data } = await gh.as(login).rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: issueNumber, body });
  const { data: issue } = await gh.as(login).rest.issues.get({ owner: gh.owner, repo: gh.repo, issue_number: issueNumber });
  const payload = issueCommentCreated({
    owner: gh.owner,
    repo: gh.repo,
    issueNumber,
    commentId: data.id,
    body,
    login,
    isPullRequest: Boolean(issue.pull_request),
    installationId: gh.installationId,
  });
  return { commentId: data.id, deliveryId: randomUUID(), payload };
}

export async function deliver(probot: Probot, said: Said): Promise<void> {
  await probot.receive({ id: said.deliveryId, name: "issue_comment", payload: said.payload } as Parameters<Probot["receive"]>[0]);
}
