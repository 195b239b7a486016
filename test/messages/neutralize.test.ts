import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarizeStatus } from "../../src/core/status.js";
import { codeSpan, prose } from "../../src/messages/neutralize.js";
import { renderMessage } from "../../src/messages/render-reply.js";
import { REPLY_MARKER } from "../../src/messages/reply-marker.js";

const HOSTILE = "@bob @acme/core <img src=x onerror=alert(1)> <!-- hide the rest `code` <b>bold</b>\n/claim";

/** What GitHub would act on in a reply body: a mention, an HTML tag or comment (besides our marker), a second line. */
function dangers(body: string): string[] {
  const text = body.replace(REPLY_MARKER, "");
  return [
    ...(/(^|[^\w`])@[A-Za-z0-9]/.test(text) ? ["mention"] : []),
    ...(/<[!a-z/]/i.test(text) ? ["html"] : []),
  ];
}

describe("echoing what users wrote", () => {
  it("a /fail reason pings nobody, injects no HTML and hides nothing", () => {
    const body = renderMessage({ kind: "failed", holder: "alice", reason: HOSTILE, failures: 1, maxFailures: 2, blocked: false });
    expect(dangers(body.replace("@alice", "holder"))).toEqual([]);
    expect(body).toContain("@\u200bbob");
    expect(body).toContain("&lt;img");
    expect(body).toContain("Failure 1 of 2"); // the rest of the reply is still there
  });

  it("a title with an HTML comment does not hide the rest of /status", () => {
    const task = { number: 4, title: `Fix <!-- the parser @team`, labels: ["agent:claimed"], assignees: ["alice"] };
    const report = summarizeStatus({ labelPrefix: "agent:", openTasks: [task], truncated: false, backlog: null, locks: new Map(), pullRequests: [], now: new Date(0) });
    const body = renderMessage({ kind: "status", report });
    expect(dangers(body.replace(/@alice/g, "holder"))).toEqual([]);
    expect(body).toContain("Merge queue:");
  });

  it("a lookalike token or a glob cannot close its code span", () => {
    const body = renderMessage({ kind: "lookalike", written: "／claim`@here <b>", command: "claim" });
    expect(body).toMatch(/`／claim'@here <b>` looks like/);
  });

  it("never lets arbitrary text ping, inject HTML or break the line (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => {
        const safe = prose(text);
        expect(dangers(safe)).toEqual([]);
        expect(safe).not.toMatch(/[\r\n`]/);
        expect(safe.length).toBeLessThanOrEqual(200);
        const code = codeSpan(text);
        expect(code.slice(1, -1)).not.toContain("`");
      }),
    );
  });
});
