import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "../../src/config/parse-config.js";
import { DEFAULT_CONFIG, type SwitchyardConfig } from "../../src/config/schema.js";
import { isValidBranchName } from "../../src/core/branch-name.js";

const MINUTE = 60_000;

/** The configuration a repository gets from this `.github/switchyard.yml` text. */
function configFrom(yamlText: string): SwitchyardConfig {
  const result = parseConfig(parse(yamlText));
  if (!result.ok) throw new Error(`expected a valid file, got problems:\n${result.problems.join("\n")}`);
  return result.config;
}

/** The problems a repository owner is told about for this `.github/switchyard.yml` text. */
function problemsFrom(yamlText: string): string[] {
  const result = parseConfig(parse(yamlText));
  if (result.ok) throw new Error("expected problems, but the file is valid");
  return result.problems;
}

describe("a repository without a configuration", () => {
  it("gets every default when the file is missing (Probot gives null)", () => {
    expect(parseConfig(null)).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(parseConfig(undefined)).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it("gets every default from an empty file or one with only comments", () => {
    expect(parseConfig(parse(""))).toEqual({ ok: true, config: DEFAULT_CONFIG });
    expect(configFrom("# nothing configured yet\n")).toEqual(DEFAULT_CONFIG);
    expect(configFrom("{}")).toEqual(DEFAULT_CONFIG);
  });

  it("has the documented defaults, durations in milliseconds", () => {
    expect(DEFAULT_CONFIG).toEqual({
      labels: { prefix: "agent:" },
      branchPrefix: "agent/",
      agents: { allow: [] },
      maintainers: { permission: "write" },
      limits: { maxActiveTracks: 4, maxClaimsPerAgent: 1 },
      stale: { warnAfter: 20 * MINUTE, releaseAfter: 30 * MINUTE },
      maxFailures: 2,
      queue: { requiredApprovals: 1, method: "squash", autoEnqueueOnApproval: false, checkTimeout: 30 * MINUTE, deleteBranchAfterMerge: true },
      review: { reviewers: [], teamReviewers: [] },
      dashboard: { enabled: true, interval: 5 * MINUTE },
      tasksFile: "TASKS.md",
    });
  });

  it("cannot have its shared defaults changed by accident", () => {
    expect(() => (DEFAULT_CONFIG.agents.allow as string[]).push("mallory")).toThrow(TypeError);
    expect(DEFAULT_CONFIG.agents.allow).toEqual([]);
  });
});

describe("a valid file", () => {
  it("sets every key", () => {
    const config = configFrom(`
labels:
  prefix: "bot/"
branchPrefix: ai/tracks/
agents:
  allow:
    - claude-agent[bot]
    - robo-42
maintainers:
  permission: maintain
limits:
  maxActiveTracks: 10
  maxClaimsPerAgent: 3
stale:
  warnAfter: 1h
  releaseAfter: 2h30m
maxFailures: 5
queue:
  requiredApprovals: 2
  method: rebase
  autoEnqueueOnApproval: true
  checkTimeout: 45
  deleteBranchAfterMerge: false
review:
  reviewers: [alice, Bob-Smith]
  teamReviewers: [docs-team]
dashboard:
  enabled: false
  interval: 15m
tasksFile: docs/TASKS.md
`);
    expect(config).toEqual({
      labels: { prefix: "bot/" },
      branchPrefix: "ai/tracks/",
      agents: { allow: ["claude-agent[bot]", "robo-42"] },
      maintainers: { permission: "maintain" },
      limits: { maxActiveTracks: 10, maxClaimsPerAgent: 3 },
      stale: { warnAfter: 60 * MINUTE, releaseAfter: 150 * MINUTE },
      maxFailures: 5,
      queue: { requiredApprovals: 2, method: "rebase", autoEnqueueOnApproval: true, checkTimeout: 45 * MINUTE, deleteBranchAfterMerge: false },
      review: { reviewers: ["alice", "Bob-Smith"], teamReviewers: ["docs-team"] },
      dashboard: { enabled: false, interval: 15 * MINUTE },
      tasksFile: "docs/TASKS.md",
    });
  });

  it("fills in the rest of a section that sets only some keys", () => {
    const config = configFrom("limits:\n  maxClaimsPerAgent: 2\nqueue:\n  method: merge\n");
    expect(config.limits).toEqual({ maxActiveTracks: 4, maxClaimsPerAgent: 2 });
    expect(config.queue).toEqual({ ...DEFAULT_CONFIG.queue, method: "merge" });
    expect(config.stale).toEqual(DEFAULT_CONFIG.stale);
  });

  it("accepts the limits' boundaries", () => {
    const config = configFrom("limits: { maxActiveTracks: 50, maxClaimsPerAgent: 20 }\nmaxFailures: 1\nqueue: { requiredApprovals: 0 }");
    expect(config.limits).toEqual({ maxActiveTracks: 50, maxClaimsPerAgent: 20 });
    expect(config.maxFailures).toBe(1);
    expect(config.queue.requiredApprovals).toBe(0);
  });

  it("ignores Probot's `_extends` key", () => {
    expect(parseConfig({ _extends: "other-repo", maxFailures: 3 })).toEqual({ ok: true, config: { ...DEFAULT_CONFIG, maxFailures: 3 } });
  });
});

describe("durations", () => {
  it.each([
    ["a whole number of minutes", "20", 20 * MINUTE],
    ["seconds", "90s", 90_000],
    ["minutes", "20m", 20 * MINUTE],
    ["hours", "1h", 60 * MINUTE],
    ["hours and minutes", "1h30m", 90 * MINUTE],
    ["minutes and seconds", "2m30s", 150_000],
    ["days", "1d", 24 * 60 * MINUTE],
    ["the shortest allowed, 1 minute", "1m", MINUTE],
    ["the longest allowed, 7 days", "7d", 7 * 24 * 60 * MINUTE],
    ["the longest allowed, in minutes", "10080", 7 * 24 * 60 * MINUTE],
  ])("reads %s (%s)", (_name, written, ms) => {
    expect(configFrom(`queue:\n  checkTimeout: ${written}\n`).queue.checkTimeout).toBe(ms);
  });

  it("accepts a quoted duration the same as a plain one", () => {
    expect(configFrom('stale:\n  warnAfter: "25m"\n').stale.warnAfter).toBe(25 * MINUTE);
  });

  it.each([
    ["a fraction of a minute", "1.5", "must be a whole number of minutes like `20`, or a duration like `90s`, `20m`, `1h` or `1h30m` (got 1.5)"],
    ["zero", "0", "must be a whole number of minutes like `20`, or a duration like `90s`, `20m`, `1h` or `1h30m` (got 0)"],
    ["a negative number", "-5", "must be a whole number of minutes like `20`, or a duration like `90s`, `20m`, `1h` or `1h30m` (got -5)"],
    ["an unknown unit", "2w", 'must be a whole number of minutes like `20`, or a duration like `90s`, `20m`, `1h` or `1h30m` (got `"2w"`)'],
    ["units out of order", "30m1h", 'must be a whole number of minutes like `20`, or a duration like `90s`, `20m`, `1h` or `1h30m` (got `"30m1h"`)'],
    ["words", "twenty minutes", 'must be a whole number of minutes like `20`, or a duration like `90s`, `20m`, `1h` or `1h30m` (got `"twenty minutes"`)'],
    ["a space inside", '"20 m"', 'must be a whole number of minutes like `20`, or a duration like `90s`, `20m`, `1h` or `1h30m` (got `"20 m"`)'],
    ["under a minute", "30s", 'must be from 1 minute to 7 days (got `"30s"`)'],
    ["over 7 days", "8d", 'must be from 1 minute to 7 days (got `"8d"`)'],
    ["over 7 days in minutes", "10081", "must be from 1 to 10080 minutes (7 days) (got 10081)"],
    ["a yes/no", "true", "must be a whole number of minutes like `20`, or a duration like `90s`, `20m`, `1h` or `1h30m` (got true)"],
  ])("rejects %s (%s)", (_name, written, message) => {
    expect(problemsFrom(`queue:\n  checkTimeout: ${written}\n`)).toEqual([`\`queue.checkTimeout\`: ${message}`]);
  });
});

describe("mistakes in the file", () => {
  it.each([
    ["a number as text", 'maxFailures: "3"', '`maxFailures`: must be a whole number from 1 to 20 (got `"3"`)'],
    ["zero tracks", "limits:\n  maxActiveTracks: 0", "`limits.maxActiveTracks`: must be a whole number from 1 to 50 (got 0)"],
    ["too many tracks", "limits:\n  maxActiveTracks: 51", "`limits.maxActiveTracks`: must be a whole number from 1 to 50 (got 51)"],
    ["a fraction", "limits:\n  maxClaimsPerAgent: 1.5", "`limits.maxClaimsPerAgent`: must be a whole number from 1 to 20 (got 1.5)"],
    ["too many approvals", "queue:\n  requiredApprovals: 11", "`queue.requiredApprovals`: must be a whole number from 0 to 10 (got 11)"],
    ["yes for a boolean", "queue:\n  autoEnqueueOnApproval: yes", '`queue.autoEnqueueOnApproval`: must be `true` or `false` (got `"yes"`)'],
    ["an unknown merge method", "queue:\n  method: fast-forward", '`queue.method`: must be one of `squash`, `merge` or `rebase` (got `"fast-forward"`)'],
    ["an unknown permission", "maintainers:\n  permission: owner", '`maintainers.permission`: must be one of `triage`, `write`, `maintain` or `admin` (got `"owner"`)'],
    ["a section that is not a mapping", "limits: 5", "`limits`: must be a mapping of keys to values (got 5)"],
    ["a section left empty", "limits:\n", "`limits`: is empty: add keys under it, or remove it to use the defaults"],
    ["a list that is a single login", "agents:\n  allow: alice", '`agents.allow`: must be a list of GitHub logins (got `"alice"`)'],
    ["a label prefix with a comma", 'labels:\n  prefix: "a,b"', '`labels.prefix`: must not contain commas (got `"a,b"`)'],
    ["an empty label prefix", 'labels:\n  prefix: ""', '`labels.prefix`: must be 1 to 20 characters (got `""`)'],
    ["a long label prefix", `labels:\n  prefix: ${"x".repeat(21)}`, `\`labels.prefix\`: must be 1 to 20 characters (got \`"${"x".repeat(21)}"\`)`],
  ])("reports %s", (_name, yamlText, problem) => {
    expect(problemsFrom(yamlText)).toEqual([problem]);
  });

  it("reports an unknown key at the top level, with the key it probably meant", () => {
    expect(problemsFrom("maxFailure: 3")).toEqual(["`maxFailure`: unknown key (did you mean `maxFailures`?)"]);
    expect(problemsFrom("colour: blue")).toEqual(["`colour`: unknown key"]);
  });

  it("reports an unknown key inside a section", () => {
    expect(problemsFrom("limits:\n  maxActiveTrack: 3")).toEqual([
      "`limits.maxActiveTrack`: unknown key (did you mean `limits.maxActiveTracks`?)",
    ]);
  });

  it("points a key written in the wrong section to where it belongs", () => {
    expect(problemsFrom("maxActiveTracks: 3")).toEqual(["`maxActiveTracks`: unknown key (did you mean `limits.maxActiveTracks`?)"]);
    expect(problemsFrom("queue:\n  reviewers: [alice]")).toEqual(["`queue.reviewers`: unknown key (did you mean `review.reviewers`?)"]);
  });

  it("reports every unknown key, not only the first", () => {
    expect(problemsFrom("queue:\n  mthod: merge\n  timeout: 5\nlables: {}")).toEqual([
      "`queue.mthod`: unknown key (did you mean `queue.method`?)",
      "`queue.timeout`: unknown key",
      "`lables`: unknown key (did you mean `labels`?)",
    ]);
  });

  it("reports all three mistakes of a file with three", () => {
    const problems = problemsFrom(`
limits:
  maxActiveTracks: 0
queue:
  method: fast
brnchPrefix: bots/
`);
    expect(problems).toEqual([
      "`limits.maxActiveTracks`: must be a whole number from 1 to 50 (got 0)",
      '`queue.method`: must be one of `squash`, `merge` or `rebase` (got `"fast"`)',
      "`brnchPrefix`: unknown key (did you mean `branchPrefix`?)",
    ]);
  });

  describe("logins", () => {
    it("accepts people and apps' bot accounts", () => {
      expect(configFrom('agents:\n  allow: [a, A-1, x12345678901234567890123456789012345678, "ci[bot]"]').agents.allow).toHaveLength(4);
    });

    it.each([
      ["an @", "@alice", "write the login without `@`"],
      ["a space", "alice smith", "must be a GitHub login (letters, digits and hyphens, at most 39 characters), or an app's bot login ending in `[bot]`"],
      ["a leading hyphen", "-alice", "must be a GitHub login (letters, digits and hyphens, at most 39 characters), or an app's bot login ending in `[bot]`"],
      ["40 characters", "a".repeat(40), "must be a GitHub login (letters, digits and hyphens, at most 39 characters), or an app's bot login ending in `[bot]`"],
      ["a misspelt bot suffix", "ci[bots]", "must be a GitHub login (letters, digits and hyphens, at most 39 characters), or an app's bot login ending in `[bot]`"],
    ])("rejects an agent login with %s", (_name, login, message) => {
      expect(problemsFrom(`agents:\n  allow: [ok-agent, ${JSON.stringify(login)}]`)).toEqual([
        `\`agents.allow[1]\`: ${message} (got \`${JSON.stringify(login)}\`)`,
      ]);
    });

    it("does not ask bots for reviews", () => {
      expect(problemsFrom('review:\n  reviewers: ["ci[bot]"]')).toEqual([
        '`review.reviewers[0]`: must be a GitHub login (letters, digits and hyphens, at most 39 characters) (got `"ci[bot]"`)',
      ]);
    });

    it("wants a team's slug without its organization", () => {
      expect(problemsFrom("review:\n  teamReviewers: ['@acme/docs']")).toEqual([
        "`review.teamReviewers[0]`: write only the team's slug, without `@` or the organization (`@org/docs-team` → `docs-team`) (got `\"@acme/docs\"`)",
      ]);
    });
  });

  describe("branchPrefix", () => {
    it.each([
      ["bots/", "bots/"],
      ["a nested prefix", "ai/agents/"],
      ["dots, underscores and hyphens", "v1.2_x-y/"],
    ])("accepts %s", (_name, prefix) => {
      expect(configFrom(`branchPrefix: ${prefix}`).branchPrefix).toBe(prefix);
    });

    it.each([
      ["no trailing slash", "agent", "must end with `/`, like `agent/`"],
      ["a space", '"my agent/"', "may only contain letters, digits, `.`, `_`, `-` and `/`"],
      ["a ref metacharacter", '"agent~1/"', "may only contain letters, digits, `.`, `_`, `-` and `/`"],
      ["`..`", "a..b/", "must not contain `..`"],
      ["a leading slash", "/agent/", "must not start with `/` or `-`"],
      ["a leading hyphen", "-agent/", "must not start with `/` or `-`"],
      ["a double slash", "a//b/", "must not contain `//`"],
      ["a part starting with a dot", ".hidden/", "must not have a part that starts with `.`"],
      ["a part ending in .lock", "x.lock/", "must not have a part that ends with `.lock`"],
      ["a number", "7", null],
    ])("rejects %s", (_name, written, message) => {
      const value = parse(`v: ${written}`).v as unknown;
      const got = typeof value === "string" ? `\`${JSON.stringify(value)}\`` : String(value);
      expect(problemsFrom(`branchPrefix: ${written}`)).toEqual([`\`branchPrefix\`: ${message ?? "must be text like `agent/`"} (got ${got})`]);
    });

    it("only accepts prefixes that give branch names git accepts (property)", () => {
      const pieces = fc.constantFrom("a", "Z", "0", ".", "_", "-", "/", "..", ".lock", "lock", "~", " ", "@{");
      fc.assert(
        fc.property(fc.array(pieces, { maxLength: 12 }).map((p) => p.join("")), (prefix) => {
          const result = parseConfig({ branchPrefix: prefix });
          if (result.ok) expect(isValidBranchName(`${prefix}alice/7-add-the-cli`)).toBe(true);
        }),
      );
    });
  });

  describe("tasksFile", () => {
    it.each([["TASKS.md"], ["docs/tasks/TODO.md"], [".github/TASKS.md"]])("accepts %s", (path) => {
      expect(configFrom(`tasksFile: ${path}`).tasksFile).toBe(path);
    });

    it.each([
      ["a `..` segment", "../secrets/TASKS.md", "must not contain `..`: the file must be inside the repository"],
      ["a `..` segment in the middle", "docs/../../TASKS.md", "must not contain `..`: the file must be inside the repository"],
      ["a leading slash", "/etc/passwd", "must be relative to the repository's root: remove the leading `/`"],
      ["a backslash", "docs\\\\TASKS.md", "must separate folders with `/`, not `\\`"],
      ["a `./` segment", "./TASKS.md", "must not contain `.` folders: write `docs/TASKS.md`, not `./docs/TASKS.md`"],
      ["a trailing slash", "docs/", "must be a file path like `docs/TASKS.md`, without `//` or a trailing `/`"],
    ])("rejects %s", (_name, path, message) => {
      const problems = problemsFrom(`tasksFile: "${path}"`);
      expect(problems).toEqual([`\`tasksFile\`: ${message} (got \`${JSON.stringify(parse(`"${path}"`))}\`)`]);
    });
  });

  describe("stale times", () => {
    it("wants releaseAfter longer than warnAfter", () => {
      expect(problemsFrom("stale:\n  warnAfter: 1h\n  releaseAfter: 30m")).toEqual([
        "`stale.releaseAfter`: must be longer than `stale.warnAfter` (releaseAfter is 30m, warnAfter is 1h)",
      ]);
    });

    it("rejects equal times", () => {
      expect(problemsFrom("stale:\n  warnAfter: 30\n  releaseAfter: 30m")).toEqual([
        "`stale.releaseAfter`: must be longer than `stale.warnAfter` (releaseAfter is 30m, warnAfter is 30m)",
      ]);
    });

    it("compares with the default when only warnAfter is set", () => {
      expect(problemsFrom("stale:\n  warnAfter: 45m")).toEqual([
        "`stale.releaseAfter`: must be longer than `stale.warnAfter` (releaseAfter is 30m, warnAfter is 45m)",
      ]);
      expect(configFrom("stale:\n  warnAfter: 45m\n  releaseAfter: 1h").stale).toEqual({ warnAfter: 45 * MINUTE, releaseAfter: 60 * MINUTE });
    });

    it("reports only the bad time, not a comparison with it", () => {
      expect(problemsFrom("stale:\n  warnAfter: soon")).toEqual([
        '`stale.warnAfter`: must be a whole number of minutes like `20`, or a duration like `90s`, `20m`, `1h` or `1h30m` (got `"soon"`)',
      ]);
    });
  });

  describe("a file that is not a mapping", () => {
    it.each([
      ["a list", "- maxFailures: 3"],
      ["a bare word", "hello"],
      ["a number", "42"],
    ])("is reported when it is %s", (_name, yamlText) => {
      expect(problemsFrom(yamlText)).toEqual(["the file must be a YAML mapping of keys to values"]);
    });
  });

  describe("problems are safe to post as a Markdown comment", () => {
    it("shows what the user wrote in code, so it cannot @mention anyone", () => {
      expect(problemsFrom('review:\n  reviewers: ["@everyone please"]')).toEqual([
        '`review.reviewers[0]`: write the login without `@` (got `"@everyone please"`)',
      ]);
    });

    it("keeps backticks and line breaks in a key from breaking the list", () => {
      const problems = problemsFrom('"a`b\\nc": 1');
      expect(problems).toEqual(['``["a`b\\nc"]``: unknown key']);
    });

    it("shortens long values", () => {
      const [problem] = problemsFrom(`tasksFile: /${"x".repeat(500)}`);
      expect(problem?.length).toBeLessThan(200);
      expect(problem).toContain("…");
    });

    it("sums up a flood of problems after the first 50", () => {
      const flood = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`key${i}`, i]));
      const result = parseConfig(flood);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toHaveLength(51);
      expect(result.problems[0]).toBe("`key0`: unknown key");
      expect(result.problems[50]).toBe("…and 70 more problems");
    });
  });
});
