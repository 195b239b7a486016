/**
 * E2E: what admission control says on its own, from real webhooks: a dependency cycle reported on the other
 * task, a finished dependency announced once on the task it unblocks, and a warning on track PRs that change
 * the same file, kept up to date in one comment per PR.
 */
import { describe, expect, it } from "vitest";
import { eventually, useE2E } from "./e2e-world.js";

const e = useE2E();

const notices = async (n: number, kind: string) =>
  (await e.w.repliesOn(n)).filter((body) => body.startsWith(`<!-- switchyard:notice ${kind}`));

describe("admission control's follow-ups", () => {
  it("reports a dependency cycle on the other task in it, once", async () => {
    const a = await e.w.task("Chicken");
    const b = await e.w.task("Egg", ["agent:ready"], `Depends on: #${a}`);
    await e.gh.as("maya").rest.issues.update({ owner: e.gh.owner, repo: e.gh.repo, issue_number: a, body: `Depends on: #${b}` });
    await e.say("alice", a, "/claim");
    await e.say("alice", a, "/claim");
    const replies = await e.replies(a, 2);
    expect(replies[0]).toContain(`its dependencies form a cycle (#${a} → #${b} → #${a})`);
    expect(await notices(b, "cycle")).toEqual([expect.stringContaining(`The tasks #${a} → #${b} → #${a} depend on each other`)]);
  });

  it("tells a waiting task once that its last dependency is done", async () => {
    const first = await e.w.task("Lay the foundation");
    const second = await e.w.task("Build the walls", ["agent:ready"], `Depends on: #${first}`);
    await e.gh.as("maya").rest.issues.update({ owner: e.gh.owner, repo: e.gh.repo, issue_number: first, state: "closed", state_reason: "completed" });
    const said = await eventually(async () => {
      const found = await notices(second, "claimable");
      return found.length > 0 ? found : undefined;
    });
    expect(said).toEqual([expect.stringContaining(`#${first} is done`)]);
    await e.gh.webhooks.settled();
    await e.say("bob", second, "/claim");
    expect((await e.until(second, (v) => v.assignees.length === 1)).assignees).toEqual(["bob"]);
  });

  it("warns both track PRs that change the same file, in one comment each", async () => {
    const one = await e.w.task("Rename the flag");
    const two = await e.w.task("Document the flag");
    await e.say("carol", one, "/claim");
    await e.say("dave", two, "/claim");
    const [viewOne, viewTwo] = [await e.until(one, (v) => v.pullRequests.length === 1), await e.until(two, (v) => v.pullRequests.length === 1)];
    const push = async (login: string, branch: string, path: string, text: string) => {
      await e.gh.as(login).rest.repos.createOrUpdateFileContents({
        owner: e.gh.owner, repo: e.gh.repo, branch, path, message: `Change ${path}`, content: Buffer.from(text).toString("base64"),
      });
    };
    await push("carol", viewOne.branches[0]!, "src/flags.ts", "export const flag = 1;\n");
    await push("dave", viewTwo.branches[0]!, "src/flags.ts", "export const flag = 2;\n");
    await e.gh.webhooks.settled();
    const [prOne, prTwo] = [viewOne.pullRequests[0]!.number, viewTwo.pullRequests[0]!.number];
    for (const [pr, other] of [[prOne, prTwo], [prTwo, prOne]] as const) {
      const warned = await eventually(async () => {
        const found = await notices(pr, "file-overlap");
        return found.some((b) => b.includes(`#${other} (task`)) ? found : undefined;
      });
      expect(warned).toHaveLength(1);
      expect(warned[0]).toContain("`src/flags.ts`");
    }
    // A push reads again only the files of the PR that moved: the other track's are known for its head.
    const mark = e.gh.recorder.mark();
    await push("dave", viewTwo.branches[0]!, "docs/flags.md", "# Flags\n");
    await e.gh.webhooks.settled();
    expect(await notices(prTwo, "file-overlap")).toHaveLength(1);
    const filesRead = () => e.gh.recorder.since(mark).filter((r) => /\/pulls\/\d+\/files$/.test(r.path)).map((r) => Number(r.path.split("/").at(-2)));
    expect(filesRead()).toEqual([prTwo]);
  });

  it("does not compare files again after a push Switchyard made itself (the task's line checked at /done)", async () => {
    const n = await e.w.task("Check my line");
    const where = { owner: e.gh.owner, repo: e.gh.repo };
    const { data: current } = await e.gh.as("maya").rest.repos.getContent({ ...where, path: "TASKS.md" }).catch(() => ({ data: null }));
    const sha = current && !Array.isArray(current) && current.type === "file" ? current.sha : undefined;
    const tasks = `# Tasks\n\n- [ ] #${n} Check my line\n`;
    await e.gh.as("maya").rest.repos.createOrUpdateFileContents({ ...where, path: "TASKS.md", message: "Tasks", content: Buffer.from(tasks).toString("base64"), ...(sha ? { sha } : {}) });
    await e.say("erin", n, "/claim");
    const view = await e.until(n, (v) => v.pullRequests.length === 1);
    await e.gh.webhooks.settled();
    const mark = e.gh.recorder.mark();
    await e.say("erin", n, "/done");
    await e.gh.webhooks.settled();
    const since = e.gh.recorder.since(mark);
    // The app checked the line on the track branch (its push), and the push's webhook compared no files.
    expect(since.filter((r) => r.method === "PUT" && r.path.endsWith("/contents/TASKS.md"))).toHaveLength(1);
    // (Had it compared, it would have read the files of this PR, whose head the push moved.)
    expect(since.filter((r) => /\/pulls\/\d+\/files$/.test(r.path))).toEqual([]);
    expect(view.branches).toHaveLength(1);
  });
});
