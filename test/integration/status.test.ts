import { describe, expect, it } from "vitest";
import { ROOMY_LIMITS, useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest({ config: ROOMY_LIMITS });
const say = t.say;

describe("/status", () => {
  it("reports progress in DESIGN.md's form to a read-only user, in a bounded number of requests", async () => {
    // The seeded TASKS.md lists #1, #2 and #3; the issues below take those numbers.
    const [cli, docs, config, extra] = [await t.w.task("Add the CLI"), await t.w.task("Write the docs"), await t.w.task("Add a config file"), await t.w.task("Extra")];
    await say("alice", cli, "/claim");
    await say("bob", docs, "/claim");
    await say("bob", docs, "/done");
    await say("carol", config, "/claim");
    await say("carol", config, "/fail flaky tests");

    const mark = t.gh.recorder.mark();
    await say("rita", extra, "/status");
    const replies = await t.w.repliesOn(extra);
    expect(replies).toHaveLength(1);
    const text = replies[0]!;
    expect(text).toContain("**0 completed / 4 total (2 in progress, 1 failed, 0 blocked), 0 queued**");
    expect(text).toMatch(new RegExp(`\\| #${cli} Add the CLI \\| @alice \\| \`agent/alice/${cli}-add-the-cli\` \\| #\\d+ \\(draft\\) \\|`));
    expect(text).toMatch(new RegExp(`\\| #${docs} Write the docs \\| @bob \\| \`agent/bob/${docs}-write-the-docs\` \\| #\\d+ \\|`));
    expect(text).toContain("Merge queue:\n\n_empty_");
    // Default branch head (the configuration read at it is reused) + permission + TASKS.md + the lock refs + the open
    // PRs + one GraphQL request for the open issues of every state label + the reply + the look that keeps only the
    // first answer; the lock commits were met when they were written. Nothing per issue or per task: flat.
    // (`GET /app`, the app's own login, is read once per process.)
    const requests = t.gh.recorder.since(mark).filter((r) => !r.path.endsWith("/access_tokens") && r.path !== "/app");
    expect(requests.map((r) => `${r.method} ${r.path.replace(/\/\d+\//g, "/N/")}`).sort()).toEqual([
      "GET /repos/acme/widgets/branches/main",
      "GET /repos/acme/widgets/collaborators/rita/permission",
      "GET /repos/acme/widgets/contents/TASKS.md",
      "GET /repos/acme/widgets/git/matching-refs/switchyard/tasks/",
      "GET /repos/acme/widgets/issues/N/comments",
      "GET /repos/acme/widgets/pulls",
      "POST /graphql",
      "POST /repos/acme/widgets/issues/N/comments",
    ]);
    expect(t.gh.recorder.writes(mark).map((r) => `${r.method} ${r.path.replace(/\/\d+/g, "/N")}`)).toEqual(["POST /repos/acme/widgets/issues/N/comments"]);
  });

  it("counts a checked line of TASKS.md as completed", async () => {
    const { data: file } = await t.gh.as("maya").rest.repos.getContent({ owner: t.gh.owner, repo: t.gh.repo, path: "TASKS.md" });
    if (Array.isArray(file) || file.type !== "file") throw new Error("TASKS.md is not a file");
    const checked = Buffer.from(file.content, "base64").toString("utf8").replace("- [ ] #2", "- [x] #2");
    await t.gh.as("adam").rest.repos.createOrUpdateFileContents({
      owner: t.gh.owner,
      repo: t.gh.repo,
      path: "TASKS.md",
      message: "Check #2",
      content: Buffer.from(checked).toString("base64"),
      sha: file.sha,
    });
    const n = await t.w.task("Ask for status");
    await say("alice", n, "/status");
    expect((await t.w.repliesOn(n))[0]).toMatch(/\*\*1 completed \/ \d+ total/);
  });

  it("says no, and nothing else, when GitHub cannot tell the asker's permission", async () => {
    const n = await t.w.task("Status with a failing lookup");
    t.gh.faults.inject({ method: "GET", path: /\/collaborators\/erin\/permission$/, status: 502, times: 10 });
    await say("erin", n, "/status");
    const replies = await t.w.repliesOn(n);
    expect(replies).toEqual([expect.stringContaining("needs read access to this repository")]);
  });
});
