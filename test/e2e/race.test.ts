/**
 * E2E: eight agents say `/claim` on one task at the same moment, and two replicas of the app share the
 * webhook deliveries round-robin (as behind a load balancer). GitHub's ref compare-and-swap picks one winner.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "./e2e-world.js";

const CLAIMANTS = ["alice", "bob", "carol", "dave", "erin", "frank", "maya", "adam"];
/** Twenty more agents with write access, for the larger race. */
const CROWD = Array.from({ length: 20 }, (_, i) => `agent${String(i + 1).padStart(2, "0")}`);

const e = useE2E({ replicas: 2, github: { seed: { users: { frank: "write", ...Object.fromEntries(CROWD.map((login) => [login, "write" as const])) } } } });
/** Who won the first race (holds a claim, so the next test leaves them out: one claim per agent). */
let firstWinner = "";

describe("e2e: concurrent claims against two replicas", () => {
  it("lets exactly one of 8 concurrent /claim comments win, and answers all 8", async () => {
    const { gh, w } = e;
    const n = await w.task("Race for it");
    const comments = await Promise.all(
      CLAIMANTS.map((login) => gh.as(login).rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: n, body: "/claim" })),
    );
    const deliveries = await Promise.all(comments.map(({ data }) => e.deliveryOf(data.id)));

    // Round-robin: each replica got half of the deliveries, and each answered them all.
    const byReplica = e.replicas.map((r) => deliveries.filter((d) => d.attempts[0]?.url === r.webhookUrl).length);
    expect(byReplica).toEqual([4, 4]);
    expect(deliveries.flatMap((d) => d.attempts.map((a) => a.status))).toEqual(Array(8).fill(200));

    const replies = await e.replies(n, 8);
    const view = await w.view(n);
    expect(view.assignees).toHaveLength(1);
    const winner = view.assignees[0]!;
    expect(CLAIMANTS).toContain(winner);
    firstWinner = winner;
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.branches).toEqual([expect.stringMatching(new RegExp(`^agent/${winner}/${n}-race-for-it$`))]);
    expect(view.pullRequests).toEqual([expect.objectContaining({ head: view.branches[0], draft: true, body: expect.stringContaining(`Closes #${n}`) })]);

    expect(replies).toHaveLength(8);
    expect(replies.filter((r) => r.includes(`@${winner} claimed this task`))).toHaveLength(1);
    expect(replies.filter((r) => r.includes(`already claimed by @${winner}`))).toHaveLength(7);

    // Every loser was told, each in their own reply; no loser got a branch.
    const { data: refs } = await gh.as("maya").rest.git.listMatchingRefs({ owner: gh.owner, repo: gh.repo, ref: "heads/agent/" });
    expect(refs.map((r) => r.ref)).toEqual([`refs/heads/${view.branches[0]}`]);
  });

  it("lets exactly one of 20 concurrent /claim comments win over two replicas: one branch, one PR, 20 replies", async () => {
    const { gh, w } = e;
    const n = await w.task("Crowded race");
    const comments = await Promise.all(
      CROWD.map((login) => gh.as(login).rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: n, body: "/claim" })),
    );
    await Promise.all(comments.map(({ data }) => e.deliveryOf(data.id)));
    const replies = await e.replies(n, 20);
    const view = await w.view(n);
    expect(view.assignees).toHaveLength(1);
    const winner = view.assignees[0]!;
    expect(replies).toHaveLength(20);
    expect(replies.filter((r) => r.includes(`@${winner} claimed this task`))).toHaveLength(1);
    expect(replies.filter((r) => r.includes(`already claimed by @${winner}`))).toHaveLength(19);
    expect(view.branches).toHaveLength(1);
    expect(view.pullRequests).toHaveLength(1);
    const { data: refs } = await gh.as("maya").rest.git.listMatchingRefs({ owner: gh.owner, repo: gh.repo, ref: `heads/agent/` });
    expect(refs.filter((r) => r.ref.includes(`/${n}-`))).toHaveLength(1);
    await e.say(winner, n, "/release");
  });

  it("after the race, the task stays with the winner when the losers try again", async () => {
    const { gh, w } = e;
    const [holder, ...others] = CLAIMANTS.filter((login) => login !== firstWinner).slice(0, 4) as [string, ...string[]];
    const n = await w.task("Second round");
    await e.say(holder, n, "/claim");
    await e.until(n, (v) => v.replies.length === 1);
    await Promise.all(
      others.map((login) => gh.as(login).rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: n, body: "/claim" })),
    );
    const replies = await e.replies(n, 4);
    expect(replies.slice(1).every((r) => r.includes(`already claimed by @${holder}`))).toBe(true);
    const view = await w.view(n);
    expect(view.assignees).toEqual([holder]);
    expect(view.pullRequests).toHaveLength(1);
  });
});
