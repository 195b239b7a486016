import { describe, expect, it } from "vitest";
import { useAppUnderTest } from "./app-under-test.js";

const t = useAppUnderTest();
const say = t.say;

async function refusedClaim(login: string, n: number): Promise<string> {
  await say(login, n, "/claim");
  const view = await t.w.view(n);
  expect(view.assignees).toEqual([]);
  expect(view.branches).toEqual([]);
  expect(view.labels).toEqual(["agent:ready"]);
  expect(view.replies).toHaveLength(1);
  return view.replies[0]!;
}

describe("admission control on /claim", () => {
  it("holds a task back until its dependency is done, then lets it be claimed", async () => {
    const first = await t.w.task("Define the schema");
    const second = await t.w.task("Use the schema", ["agent:ready"], `Needs the schema first.\n\nDepends on: #${first}`);
    expect(await refusedClaim("bob", second)).toContain(`it depends on #${first}, not done yet`);

    await t.gh.as("maya").rest.issues.update({ owner: t.gh.owner, repo: t.gh.repo, issue_number: first, state: "closed", state_reason: "completed" });
    await say("bob", second, "/claim");
    expect((await t.w.view(second)).assignees).toEqual(["bob"]);
    await say("bob", second, "/release");
  });

  it("keeps overlapping tracks apart and caps claims per agent", async () => {
    const cli = await t.w.task("Rework the CLI", ["agent:ready"], "Touches: src/cli/**, docs/cli.md");
    const parser = await t.w.task("Rework the parser", ["agent:ready"], "Touches: `src/**/*.ts`");
    const docs = await t.w.task("Tidy the README", ["agent:ready"], "Touches: README.md");
    await say("alice", cli, "/claim");
    expect((await t.w.view(cli)).assignees).toEqual(["alice"]);

    expect(await refusedClaim("carol", parser)).toContain(`what it touches overlaps #${cli}, held by @alice (\`src/**/*.ts\` and \`src/cli/**\`)`);
    expect(await refusedClaim("alice", docs)).toContain(`you already hold #${cli}, the limit set by \`limits.maxClaimsPerAgent\` (1)`);

    await say("alice", cli, "/release");
    await say("carol", parser, "/claim");
    expect((await t.w.view(parser)).assignees).toEqual(["carol"]);
    await say("carol", parser, "/release");
  });

  it("counts held locks, never labels: a label added or removed by hand neither fills nor frees a slot", async () => {
    await t.w.writeConfig("limits:\n  maxActiveTracks: 1\n");
    const [fake, real, next] = [await t.w.task("Labelled by hand", ["agent:claimed"]), await t.w.task("Really claimed"), await t.w.task("Next")];
    await say("alice", real, "/claim");
    expect((await t.w.view(real)).labels).toEqual(["agent:claimed"]); // the hand-made "claimed" label took no slot
    // Someone removes the real track's label by hand: the track still holds the only slot.
    await t.gh.as("maya").rest.issues.removeLabel({ owner: t.gh.owner, repo: t.gh.repo, issue_number: real, name: "agent:claimed" });
    expect(await refusedClaim("bob", next)).toContain(`1 track is already active (#${real})`);
    expect((await t.w.view(fake)).labels).toEqual(["agent:claimed"]);
    await say("alice", real, "/release");
  });

  it("caps the number of active tracks as .github/switchyard.yml says", async () => {
    await t.w.writeConfig("limits:\n  maxActiveTracks: 2\n");
    const [a, b, c] = [await t.w.task("One"), await t.w.task("Two"), await t.w.task("Three")];
    await say("alice", a, "/claim");
    await say("bob", b, "/claim");
    await say("bob", b, "/done");
    expect(await refusedClaim("dave", c)).toContain(`2 tracks are already active (#${a}, #${b}), the limit set by \`limits.maxActiveTracks\` (2)`);
  });
});
