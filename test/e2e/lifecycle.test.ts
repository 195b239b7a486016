/**
 * E2E: the life of a claim after `/claim`: the holder's `/release`, a maintainer's release and the fencing
 * of the old holder, and `/done` taking the draft PR to review.
 */
import { describe, expect, it } from "vitest";
import { useE2E } from "./e2e-world.js";

const e = useE2E();

/** A task claimed by `login`, once the claim is visible on GitHub. */
async function claimed(login: string, title: string): Promise<{ n: number; pr: number; branch: string }> {
  const n = await e.w.task(title);
  await e.say(login, n, "/claim");
  const view = await e.until(n, (v) => v.replies.length === 1 && v.pullRequests.length === 1 && v.labels.includes("agent:claimed"));
  expect(view.assignees).toEqual([login]);
  return { n, pr: view.pullRequests[0]!.number, branch: view.branches[0]! };
}

async function pull(number: number) {
  const { gh } = e;
  return (await gh.as("maya").rest.pulls.get({ owner: gh.owner, repo: gh.repo, pull_number: number })).data;
}

describe("e2e: /release", () => {
  it("frees the lock: assignee removed, agent:ready back, branch and PR kept; another agent can then claim", async () => {
    const { gh } = e;
    const { n, pr, branch } = await claimed("carol", "Release me");
    await e.say("carol", n, "/release");
    let view = await e.until(n, (v) => v.replies.length === 2 && v.labels.includes("agent:ready"));
    expect(view.replies[1]).toContain("@carol released this task");
    expect(view.assignees).toEqual([]);
    expect(view.labels).toEqual(["agent:ready"]);
    expect(view.branches).toEqual([branch]);
    expect(await pull(pr)).toMatchObject({ state: "open", draft: true, head: { ref: branch } });
    await expect(gh.as("maya").rest.repos.getBranch({ owner: gh.owner, repo: gh.repo, branch })).resolves.toMatchObject({ status: 200 });

    await e.say("dave", n, "/claim");
    view = await e.until(n, (v) => v.replies.length === 3 && v.assignees.length === 1);
    expect(view.replies[2]).toContain("@dave claimed this task");
    expect(view.assignees).toEqual(["dave"]);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.branches.sort()).toEqual([branch, `agent/dave/${n}-release-me`]);
    expect(view.pullRequests.map((p) => p.head).sort()).toEqual([branch, `agent/dave/${n}-release-me`]);
    // The released track's PR stays open with carol's work; the new claim has its own.
    expect(await pull(pr)).toMatchObject({ state: "open", draft: true });
  });
});

describe("e2e: fencing", () => {
  it("after a maintainer's /release and a new claim, the old holder's /done on the old PR changes nothing and is refused", async () => {
    const { n, pr: oldPr, branch: oldBranch } = await claimed("alice", "Fence me");
    await e.say("maya", n, "/release");
    let view = await e.until(n, (v) => v.replies.length === 2 && v.labels.includes("agent:ready"));
    expect(view.replies[1]).toContain("@maya released @alice's claim");
    expect(view.assignees).toEqual([]);

    await e.say("bob", n, "/claim");
    const before = await e.until(n, (v) => v.replies.length === 3 && v.assignees.length === 1);
    expect(before.assignees).toEqual(["bob"]);
    const newPr = before.pullRequests.find((p) => p.head !== oldBranch)!.number;

    await e.say("alice", oldPr, "/done");
    expect(await e.replies(oldPr, 1)).toEqual([expect.stringContaining(`This pull request belongs to an earlier claim of #${n}`)]);
    await e.say("alice", n, "/done");
    const replies = await e.replies(n, 4);
    expect(replies[3]).toContain("This task is held by @bob, not by you, so your `/done` changed nothing");

    view = await e.w.view(n);
    expect(view.assignees).toEqual(["bob"]);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.pullRequests).toEqual(before.pullRequests);
    expect((await pull(oldPr)).draft).toBe(true);
    expect((await pull(newPr)).draft).toBe(true);
  });
});

describe("e2e: /done", () => {
  it("said by the holder on the task issue, takes the PR out of draft and labels the task agent:review", async () => {
    const { n, pr } = await claimed("erin", "Finish me");
    await e.say("erin", n, "/done");
    const view = await e.until(n, (v) => v.replies.length === 2 && v.labels.includes("agent:review"));
    expect(view.replies[1]).toContain(`@erin marked #${pr} ready for review`);
    expect(view.labels).toEqual(["agent:review"]);
    expect(view.assignees).toEqual(["erin"]);
    expect(await pull(pr)).toMatchObject({ state: "open", draft: false });

    await e.say("erin", n, "/done");
    expect((await e.replies(n, 3))[2]).toContain("this task is already in review; nothing changed");
    expect((await e.w.view(n)).labels).toEqual(["agent:review"]);
  });

  it("said by the holder on the draft PR, answers on the PR and does the same", async () => {
    const { n, pr } = await claimed("adam", "Finish me on the PR");
    await e.say("adam", pr, "/done");
    expect(await e.replies(pr, 1)).toEqual([expect.stringContaining(`@adam marked #${pr} ready for review`)]);
    expect(await pull(pr)).toMatchObject({ state: "open", draft: false });
    const view = await e.w.view(n);
    expect(view.labels).toEqual(["agent:review"]);
    expect(view.replies).toHaveLength(1);
  });
});
