/**
 * E2E: a user's `/claim` comment on the emulated GitHub reaches Switchyard as a signed webhook over HTTP, and
 * the task ends up locked to them: assignee, label, branch, draft PR and one reply with the worktree lines.
 */
import { describe, expect, it } from "vitest";
import { writesSince, useE2E } from "./e2e-world.js";

const e = useE2E();

describe("e2e: /claim", () => {
  it("locks the task to the claimant: assignee, agent:claimed, branch, draft PR that closes the issue, one reply", async () => {
    const { gh, w } = e;
    const n = await w.task("Add the CLI");
    const branch = `agent/alice/${n}-add-the-cli`;
    const said = await e.say("alice", n, "/claim");
    expect(said.delivery.attempts.map((a) => a.status)).toEqual([200]);

    // The reply goes out before the draft PR is opened (GitHub paces notifying writes seconds apart): wait for both.
    const view = await e.until(n, (v) => v.replies.length > 0 && v.assignees.length > 0 && v.labels.includes("agent:claimed") && v.pullRequests.length > 0);
    expect(view.assignees).toEqual(["alice"]);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.branches).toEqual([branch]);
    expect(view.pullRequests).toEqual([expect.objectContaining({ head: branch, draft: true, body: expect.stringContaining(`Closes #${n}`) })]);

    const pr = view.pullRequests[0]!.number;
    const { data: pull } = await gh.as("maya").rest.pulls.get({ owner: gh.owner, repo: gh.repo, pull_number: pr });
    expect(pull).toMatchObject({ state: "open", draft: true, base: { ref: "main" }, head: { ref: branch } });
    // The track branch starts from main's head with one bot commit (GitHub refuses a PR without commits).
    const { data: main } = await gh.as("maya").rest.repos.getBranch({ owner: gh.owner, repo: gh.repo, branch: "main" });
    const { data: compare } = await gh.as("maya").rest.repos.compareCommitsWithBasehead({ owner: gh.owner, repo: gh.repo, basehead: `main...${branch}` });
    expect(compare.ahead_by).toBe(1);
    expect(compare.merge_base_commit.sha).toBe(main.commit.sha);

    const replies = await e.replies(n, 1);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("@alice claimed this task");
    expect(replies[0]).toContain(`\`${branch}\``);
    expect(replies[0]).toContain(`- Draft PR: [the pull request from \`${branch}\`](/${e.gh.owner}/${e.gh.repo}/pulls?q=${encodeURIComponent(`is:pr head:${branch}`)}), opening now`);
    expect(replies[0]).toContain(`git fetch origin ${branch}`);
    expect(replies[0]).toContain(`git worktree add ../widgets-${n} ${branch}`);
  });

  it("spends no write on a 👀 reaction: the lock's compare-and-swap is what makes a claim happen once", async () => {
    const { gh, w } = e;
    const n = await w.task("Write the docs");
    const said = await e.say("bob", n, "/claim");
    await e.replies(n, 1);
    const { data: reactions } = await gh.as("maya").rest.reactions.listForIssueComment({ owner: gh.owner, repo: gh.repo, comment_id: said.commentId });
    expect(reactions).toEqual([]);
  });

  it("answers a holder's second /claim with the same track and changes nothing", async () => {
    const { gh, w } = e;
    const n = await w.task("Claim twice");
    await e.say("carol", n, "/claim");
    const first = await e.until(n, (v) => v.replies.length === 1 && v.pullRequests.length === 1);
    const mark = gh.recorder.mark();
    await e.say("carol", n, "/claim");
    const replies = await e.replies(n, 2);
    expect(replies[1]).toContain("@carol you already hold this task");
    expect(replies[1]).toContain(`git worktree add ../widgets-${n} ${first.branches[0]!}`);
    const view = await e.w.view(n);
    expect({ ...view, replies: [] }).toEqual({ ...first, replies: [] });
    // Only the reply: no new branch, PR, label or assignee.
    expect(writesSince(gh, mark)).toEqual([`POST /repos/acme/widgets/issues/N/comments`]);
  });
});
