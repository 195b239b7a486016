/** E2E: a token that cannot see the repository (a private one, an outsider's token): one line, exit 2, nothing said. */
import { describe, expect, it } from "vitest";
import { useE2E } from "../e2e/e2e-world.js";
import { useCliWorld } from "../support/cli-world.js";

const e = useE2E({ github: { seed: { private: true } } });
const cli = useCliWorld(e);

describe("e2e: the switchyard CLI on a private repository", () => {
  it("tells an outsider that the token cannot see the repository, exit 2, and says nothing on GitHub", async () => {
    const n = await e.w.task("Private work");
    const alice = await cli.agent("alice");
    const run = await alice.run(["claim", String(n)], { env: { GH_TOKEN: e.gh.tokenFor("oscar") } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    // GitHub answers 404 for a private repository one cannot see; emulate answers 403. Either is the same line.
    expect(run.stderr).toMatch(/^switchyard: the token of @oscar cannot see acme\/widgets \((404 Not Found|403 Forbidden)\): use a token with access to it$/);
    const { data } = await e.gh.as("maya").rest.issues.listComments({ owner: e.gh.owner, repo: e.gh.repo, issue_number: n });
    expect(data).toEqual([]);
    // The collaborator's own token works on the same clone.
    expect((await alice.run(["tasks", "--json"])).json).toMatchObject({ outcome: "ok", claimable: [expect.objectContaining({ task: n })] });
  });
});
