import { describe, expect, it } from "vitest";
import { comment, deliver, startReplica, ROOMY_LIMITS, useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest({ config: ROOMY_LIMITS });
const say = t.say;

describe("/claim through Probot against the emulated GitHub", () => {
  it("locks the task to the claimant with an assignee, a label, a branch, a draft PR and one reply", async () => {
    const n = await t.w.task("Add the CLI");
    await say("alice", n, "/claim");
    const view = await t.w.view(n);
    expect(view.assignees).toEqual(["alice"]);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.branches).toEqual([`agent/alice/${n}-add-the-cli`]);
    expect(view.pullRequests).toEqual([
      expect.objectContaining({ head: `agent/alice/${n}-add-the-cli`, draft: true, body: expect.stringContaining(`Closes #${n}`) }),
    ]);
    expect(view.replies).toHaveLength(1);
    expect(view.replies[0]).toContain(`git fetch origin agent/alice/${n}-add-the-cli`);
    expect(view.replies[0]).toContain(`git worktree add ../widgets-${n} agent/alice/${n}-add-the-cli`);
    // The reply goes out as soon as the branch exists, before the draft PR (which appears in the issue's timeline).
    // It names the PR by the search that finds it: the repository's pull requests from the track branch.
    const head = encodeURIComponent(`is:pr head:agent/alice/${n}-add-the-cli`);
    expect(view.replies[0]).toContain(`- Draft PR: [the pull request from \`agent/alice/${n}-add-the-cli\`](/acme/widgets/pulls?q=${head}), opening now`);
  });

  it("costs a bounded, known number of requests and writes", async () => {
    // Another active track, claimed first: the process has read the configuration at this head of main already.
    await t.say("alice", await t.w.task("Claimed before"), "/claim");
    const n = await t.w.task("Count the requests");
    const said = await comment(t.gh, "bob", n, "/claim");
    const mark = t.gh.recorder.mark();
    await deliver(t.app, said);
    const requests = t.gh.recorder.since(mark).filter((r) => !r.path.endsWith("/access_tokens"));
    const writes = requests.filter((r) => r.method !== "GET");
    // No 👀 reaction. The lock commit, on main's head, is also the track branch's first commit: the lock ref and the
    // branch are created by one request; then label, assignee and the reply in one GraphQL request of changes (never
    // whole lists, the reply last); then the draft PR.
    expect(writes.map((r) => `${r.method} ${r.path.replace(/\/\d+/g, "/N")}${r.graphql ? ` ${r.graphql.fields.join(",")}` : ""}`)).toEqual([
      "POST /repos/acme/widgets/git/commits",
      "POST /graphql updateRefs",
      "POST /graphql removeLabelsFromLabelable,addLabelsToLabelable,addAssigneesToAssignable,addComment",
      "POST /repos/acme/widgets/pulls",
    ]);
    // Reads: the default branch head (where the track starts; the configuration read at the same head is reused), the
    // permission, the issue, and for admission control the lock refs twice (before the lock, and the second look after
    // it is published, which keeps concurrent claims of different tasks within the limits), plus one list of the
    // issues closed since the oldest active claim began (a closed task holds no slot; the second look reuses it).
    // Never one per issue; lock commits are read once per process.
    const reads = requests.filter((r) => r.method === "GET").map((r) => `${r.method} ${r.path.replace(/\/\d+/g, "/N")}`);
    expect(reads.filter((r) => !r.includes("/git/commits/")).sort()).toEqual(
      [
        "GET /repos/acme/widgets/branches/main",
        "GET /repos/acme/widgets/collaborators/bob/permission",
        "GET /repos/acme/widgets/issues/N",
        "GET /repos/acme/widgets/git/matching-refs/switchyard/tasks/",
        "GET /repos/acme/widgets/git/matching-refs/switchyard/tasks/",
        "GET /repos/acme/widgets/issues",
      ].sort(),
    );
    expect(reads.filter((r) => r.includes("/git/commits/"))).toEqual([]);
    expect(requests.length).toBe(10);
  });

  it("lets exactly one of 8 concurrent claims win, and answers all 8", async () => {
    const n = await t.w.task("Race for it");
    const claimants = ["alice", "bob", "carol", "dave", "erin", "maya", "adam", "alice"];
    const said = await Promise.all(claimants.map((login) => comment(t.gh, login, n, "/claim")));
    await Promise.all(said.map((s) => deliver(t.app, s)));
    const view = await t.w.view(n);
    expect(view.assignees).toHaveLength(1);
    const winner = view.assignees[0]!;
    expect(view.branches).toHaveLength(1);
    expect(view.branches[0]).toContain(`agent/${winner}/`);
    expect(view.pullRequests).toHaveLength(1);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.replies).toHaveLength(8);
    expect(view.replies.filter((r) => r.includes("claimed this task"))).toHaveLength(1);
    const refusals = view.replies.filter((r) => r.includes(`already claimed by @${winner}`));
    const sameAgentAgain = view.replies.filter((r) => r.includes("you already hold this task"));
    expect(refusals.length + sameAgentAgain.length).toBe(7);
  });

  it("handles a redelivered webhook (same delivery id) once", async () => {
    const n = await t.w.task("Redelivered");
    const said = await comment(t.gh, "carol", n, "/claim");
    await deliver(t.app, said);
    await deliver(t.app, said);
    await deliver(t.app, said);
    const view = await t.w.view(n);
    expect(view.replies).toHaveLength(1);
    expect(view.branches).toHaveLength(1);
  });

  it("handles the same comment delivered to two replicas at once with the side effects of one", async () => {
    const other = await startReplica(t.gh);
    const n = await t.w.task("Two replicas");
    const said = await comment(t.gh, "dave", n, "/claim");
    await Promise.all([deliver(t.app, said), deliver(other, { ...said, deliveryId: `${said.deliveryId}-b` })]);
    const view = await t.w.view(n);
    expect(view.replies).toHaveLength(1);
    expect(view.assignees).toEqual(["dave"]);
    expect(view.pullRequests).toHaveLength(1);
  });
});

describe("once per command without a 👀: the lock's compare-and-swap and the causes it remembers", () => {
  const repo = () => ({ owner: t.gh.owner, repo: t.gh.repo });
  const sha = async (ref: string) => (await t.gh.as("maya").rest.git.getRef({ ...repo(), ref })).data.object.sha;

  it("answers a refusal delivered to two replicas at once exactly once", async () => {
    const other = await startReplica(t.gh);
    const n = await t.w.task("Refused twice over");
    await say("alice", n, "/claim");
    const said = await comment(t.gh, "bob", n, "/claim");
    await Promise.all([deliver(t.app, said), deliver(other, { ...said, deliveryId: `${said.deliveryId}-b` })]);
    const replies = (await t.w.view(n)).replies;
    expect(replies).toHaveLength(2);
    expect(replies[1]).toContain("already claimed by @alice");
  });

  it("does nothing when a /release is delivered again after the task was claimed anew", async () => {
    const n = await t.w.task("Replayed release");
    await say("carol", n, "/claim");
    const released = await comment(t.gh, "carol", n, "/release");
    await deliver(t.app, released);
    await say("erin", n, "/claim");
    await deliver(t.app, { ...released, deliveryId: `${released.deliveryId}-again` });
    const view = await t.w.view(n);
    expect(view.assignees).toEqual(["erin"]);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.replies).toHaveLength(3);
  });

  it("starts a first claim's branch at its lock commit, on main's head; a task claimed before gets a commit of its own", async () => {
    const n = await t.w.task("One commit");
    await say("dave", n, "/claim");
    const main = await sha("heads/main");
    const first = await sha(`heads/agent/dave/${n}-one-commit`);
    expect(first).toBe(await sha(`switchyard/tasks/${n}`));
    const { data: commit } = await t.gh.as("maya").rest.git.getCommit({ ...repo(), commit_sha: first });
    expect(commit.parents.map((p) => p.sha)).toEqual([main]);

    await say("dave", n, "/release");
    await say("maya", n, "/claim");
    const again = await sha(`heads/agent/maya/${n}-one-commit`);
    expect(again).not.toBe(await sha(`switchyard/tasks/${n}`));
    const { data: own } = await t.gh.as("maya").rest.git.getCommit({ ...repo(), commit_sha: again });
    expect(own.parents.map((p) => p.sha)).toEqual([main]);
    expect((await t.w.view(n)).pullRequests.map((p) => p.head)).toContain(`agent/maya/${n}-one-commit`);
  });
});

describe("a first claim's branch, made with its lock", () => {
  it("leaves a branch of that name someone made already as it is, and still claims with one reply", async () => {
    const n = await t.w.task("Branch taken");
    const where = { owner: t.gh.owner, repo: t.gh.repo };
    const { data: main } = await t.gh.as("erin").rest.git.getRef({ ...where, ref: "heads/main" });
    const { data: theirs } = await t.gh.as("erin").rest.git.createCommit({ ...where, message: "erin's own work", tree: (await t.gh.as("erin").rest.git.getCommit({ ...where, commit_sha: main.object.sha })).data.tree.sha, parents: [main.object.sha] });
    await t.gh.as("erin").rest.git.createRef({ ...where, ref: `refs/heads/agent/erin/${n}-branch-taken`, sha: theirs.sha });
    await say("erin", n, "/claim");
    const view = await t.w.view(n);
    expect(view.labels).toEqual(["agent:claimed"]);
    expect(view.replies).toHaveLength(1);
    expect(view.replies[0]).toContain("claimed this task");
    // Nothing pushed is overwritten: the branch keeps its commit; the lock stands on its own ref.
    const { data: branch } = await t.gh.as("maya").rest.git.getRef({ ...where, ref: `heads/agent/erin/${n}-branch-taken` });
    expect(branch.object.sha).toBe(theirs.sha);
    const { data: lock } = await t.gh.as("maya").rest.git.getRef({ ...where, ref: `switchyard/tasks/${n}` });
    expect(lock.object.sha).not.toBe(theirs.sha);
    expect(view.pullRequests.map((p) => p.head)).toEqual([`agent/erin/${n}-branch-taken`]);
  });
});

describe("refusals: one clear reply, nothing changed", () => {
  async function refused(login: string, body: string, labels: string[] = ["agent:ready"], title = "Refuse me") {
    const n = await t.w.task(title, labels);
    await say(login, n, body);
    const view = await t.w.view(n);
    expect(view.replies).toHaveLength(1);
    expect(view.assignees).toEqual([]);
    expect(view.branches).toEqual([]);
    expect(view.labels).toEqual(labels);
    return view.replies[0]!;
  }

  it("refuses a read-only user", async () => {
    expect(await refused("rita", "/claim")).toContain("needs write permission");
  });

  it("refuses an outsider", async () => {
    expect(await refused("oscar", "/claim")).toContain("needs write permission");
  });

  it("refuses an issue that is not ready", async () => {
    expect(await refused("alice", "/claim", ["bug"])).toContain("needs the `agent:ready` label");
  });

  it("answers /claim with extra arguments with its usage", async () => {
    expect(await refused("alice", "/claim this one please")).toContain("takes no arguments");
  });

  it("answers a lookalike ／claim instead of claiming", async () => {
    expect(await refused("alice", "／claim")).toContain("lookalike characters");
  });

  it("ignores commands inside code and quotes entirely", async () => {
    const n = await t.w.task("Quoted");
    await say("alice", n, "```\n/claim\n```\n> /claim\n`/claim`\n<!-- /claim -->");
    const view = await t.w.view(n);
    expect(view.replies).toEqual([]);
    expect(view.assignees).toEqual([]);
  });

  it("claims from a 65,000-character comment whose command is on its last line", async () => {
    const n = await t.w.task("Long comment");
    await say("erin", n, `${"lorem ipsum dolor sit amet ".repeat(2400).slice(0, 64_990)}\n/claim`);
    expect((await t.w.view(n)).assignees).toEqual(["erin"]);
  });

  it("makes a valid branch from a title full of shell metacharacters and ref-breaking characters", async () => {
    const n = await t.w.task("Fix `rm -rf ~`; $(curl x) && ..\\weird~^:?*[ name.lock");
    await say("bob", n, "/claim");
    expect((await t.w.view(n)).branches).toEqual([`agent/bob/${n}-fix-rm-rf-curl-x-weird-name-lock`]);
  });

  it("refuses a closed issue", async () => {
    const n = await t.w.task("Closed one");
    await t.gh.as("maya").rest.issues.update({ owner: t.gh.owner, repo: t.gh.repo, issue_number: n, state: "closed" });
    await say("alice", n, "/claim");
    const view = await t.w.view(n);
    expect(view.replies).toEqual([expect.stringContaining("This issue is closed")]);
    expect(view.branches).toEqual([]);
  });
});
