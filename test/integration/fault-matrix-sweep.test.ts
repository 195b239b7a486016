import { ROOMY_LIMITS } from "./app-under-test.js";
import { describeFaultMatrix, lockStatus, type Scenario } from "./fault-matrix-support.js";
import { orphans } from "./fault-orphans.js";

const sweep: Scenario<{ quiet: number; drifted: number }> = {
  name: "the sweep",
  config: ROOMY_LIMITS,
  async prepare(run) {
    const quiet = await run.w.task("Quiet holder");
    await run.say("alice", quiet, "/claim");
    const drifted = await run.w.task("Drifted labels");
    await run.say("bob", drifted, "/claim");
    await run.gh.as("maya").rest.issues.removeLabel({ owner: run.gh.owner, repo: run.gh.repo, issue_number: drifted, name: "agent:claimed" });
    return { quiet, drifted };
  },
  async act(run) {
    await run.sweep(21); // warns the quiet holder, repairs the drifted labels
    await run.sweep(52); // releases the quiet claim
  },
  async retry(run) {
    await run.sweep(53);
  },
  mustCover: [/refs\/switchyard\/sweep/, /switchyard\/tasks/, /issues\/N\/comments/, /issues\/N\/labels/, /removeAssigneesFromAssignable/],
  sweepAt: 54,
  async problems(run, { quiet, drifted }) {
    const problems = await orphans(run.gh, [quiet, drifted], run.said, { tracksOutliveClaims: true });
    if ((await lockStatus(run.gh, quiet)) !== "free") problems.push(`#${quiet}: the quiet claim was not released`);
    const warnings = (await run.w.repliesOn(quiet)).filter((r) => r.includes("has had no activity"));
    // A sweep lost before it warned can leave the next one to release straight away; never two warnings.
    if (warnings.length > 1) problems.push(`#${quiet}: ${warnings.length} warnings`);
    return problems;
  },
};


describeFaultMatrix(sweep);
