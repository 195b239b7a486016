import { randomUUID } from "node:crypto";
import type { Probot } from "probot";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { startEmulatedGitHub, type EmulatedGitHub } from "../support/emulated-github.js";
import { issueCommentCreated } from "../support/payloads.js";
import { startReplica } from "../support/replica.js";

export { startReplica };
import { world } from "./world.js";

export interface AppUnderTest {
  readonly gh: EmulatedGitHub;
  readonly app: Probot;
  readonly w: ReturnType<typeof world>;
  /** `login` comments `body` on `issue`, and the app receives it. */
  say(login: string, issue: number, body: string): Promise<void>;
}

/**
 * Limits loose enough that the many tracks a test file leaves active never refuse an unrelated claim;
 * admission control has its own tests.
 */
export const ROOMY_LIMITS = "limits:\n  maxActiveTracks: 50\n  maxClaimsPerAgent: 20\n";

/**
 * One emulated GitHub and one replica for a test file, optionally with a `.github/switchyard.yml`. After each test the injected faults are cleared and
 * every request the app sent must have been one real GitHub accepts, whatever the emulator tolerated.
 */
export function useAppUnderTest(options: { config?: string; paced?: boolean } = {}): AppUnderTest {
  const live: { gh?: EmulatedGitHub; app?: Probot } = {};
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the app under test starts in beforeAll");
    return value;
  };
  beforeAll(async () => {
    live.gh = await startEmulatedGitHub();
    live.app = await startReplica(live.gh, { paced: options.paced ?? false });
    if (options.config !== undefined) await world(live.gh).writeConfig(options.config);
  });
  afterAll(async () => live.gh?.close());
  afterEach(() => {
    live.gh?.faults.clear();
    expect(live.gh?.recorder.violations).toEqual([]);
  });
  return {
    get gh() {
      return ready(live.gh);
    },
    get app() {
      return ready(live.app);
    },
    get w() {
      return world(ready(live.gh));
    },
    async say(login, issue, body) {
      await deliver(ready(live.app), await comment(ready(live.gh), login, issue, body));
    },
  };
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
    ...(data.user ? { userId: data.user.id, userNodeId: data.user.node_id } : {}),
    isPullRequest: Boolean(issue.pull_request),
    installationId: gh.installationId,
  });
  return { commentId: data.id, deliveryId: randomUUID(), payload };
}

export async function deliver(probot: Probot, said: Said): Promise<void> {
  await probot.receive({ id: said.deliveryId, name: "issue_comment", payload: said.payload } as Parameters<Probot["receive"]>[0]);
}
