import { afterEach, describe, expect, it, vi } from "vitest";
import type { GitHub } from "../../src/github/octokit.js";
import { PERMISSION_TTL_MS, readPermission } from "../../src/github/permission.js";

const repo = { owner: "acme", repo: "widgets" };

/** A client whose collaborator permission API answers `answer` (or throws it), counting the requests. */
function client(answer: (login: string) => unknown) {
  const asked: string[] = [];
  const github = {
    rest: {
      repos: {
        getCollaboratorPermissionLevel: async ({ username }: { username: string }) => {
          asked.push(username);
          const found = answer(username);
          if (found instanceof Error) throw found;
          return { data: found };
        },
      },
    },
  } as unknown as GitHub;
  return { github, asked };
}

afterEach(() => vi.useRealTimers());

describe("reading a permission", () => {
  it("asks GitHub once per login for one client, concurrent asks included", async () => {
    const { github, asked } = client(() => ({ permission: "write", role_name: "maintain" }));
    const answers = await Promise.all([readPermission(github, repo, "maya"), readPermission(github, repo, "Maya"), readPermission(github, repo, "maya")]);
    expect(answers).toEqual(["maintain", "maintain", "maintain"]);
    expect(await readPermission(github, repo, "bob")).toBe("maintain");
    expect(asked).toEqual(["maya", "bob"]);
  });

  it("asks again for another client, another repository, and after a minute", async () => {
    vi.useFakeTimers();
    const first = client(() => ({ permission: "write" }));
    const second = client(() => ({ permission: "read" }));
    expect(await readPermission(first.github, repo, "maya")).toBe("write");
    expect(await readPermission(second.github, repo, "maya")).toBe("read");
    expect(await readPermission(first.github, { ...repo, repo: "gadgets" }, "maya")).toBe("write");
    vi.advanceTimersByTime(PERMISSION_TTL_MS);
    expect(await readPermission(first.github, repo, "maya")).toBe("write");
    expect(first.asked).toEqual(["maya", "maya", "maya"]);
    expect(second.asked).toEqual(["maya"]);
  });

  it("answers no when the lookup fails, and does not keep that answer", async () => {
    let fail = true;
    const { github, asked } = client(() => (fail ? Object.assign(new Error("Bad Gateway"), { status: 502 }) : { permission: "admin" }));
    expect(await readPermission(github, repo, "maya")).toBeNull();
    fail = false;
    expect(await readPermission(github, repo, "maya")).toBe("admin");
    expect(asked).toEqual(["maya", "maya"]);
  });
});
