/**
 * The end of `npm run demo`: the dashboard issue. The app refreshes it a second after each burst of events, but
 * rewrites it at most once per `dashboard.interval` (5 minutes by default), so during the demo it is opened on the
 * first event and then only read. At the end the dashboard's clock (and only its clock) is moved past the interval,
 * the maintainer comments, and the demo prints the issue once the app has rewritten it, with its URL.
 */
import { MINUTE } from "../../src/config/duration.js";
import type { DashboardSettings } from "../../src/triggers/dashboard-scheduler.js";
import { heading, lines } from "../support/printer.js";
import { waitUntil } from "../support/sandbox.js";
import { MAINTAINER, REVIEWER } from "./cast.js";
import type { Stage } from "./stage.js";

const MARKER = "<!-- switchyard:dashboard -->";

export class DashboardClock {
  private aheadMs = 0;

  /** For `startSandbox({ dashboard })`: a refresh a second after the last event, by this clock. */
  get settings(): DashboardSettings {
    return { delayMs: 1_000, now: () => new Date(Date.now() + this.aheadMs) };
  }

  /** Past `dashboard.interval` (5m): the next refresh may write. */
  skipInterval(): void {
    this.aheadMs += 6 * MINUTE;
  }
}

/** Prints the dashboard issue's body and URL once the app has rewritten it after the backlog landed. */
export async function printDashboard(stage: Stage, clock: DashboardClock): Promise<void> {
  const { gh, repo } = stage.sandbox;
  heading("The dashboard issue");
  const mark = gh.recorder.mark();
  clock.skipInterval();
  await gh.as(MAINTAINER).rest.issues.createComment({ ...repo, issue_number: stage.statusIssue, body: "Thanks, everyone: the backlog has landed." });
  const rewritten = (r: { method: string; path: string }) => r.method === "PATCH" && /\/issues\/\d+$/.test(r.path);
  await waitUntil("the dashboard's refresh", () => (gh.recorder.writes(mark).some(rewritten) ? true : undefined), { timeoutMs: 15_000 });
  const { data } = await gh.as(REVIEWER).rest.issues.listForRepo({ ...repo, state: "open", per_page: 100 });
  const issue = data.find((i) => i.user?.type === "Bot" && (i.body ?? "").startsWith(MARKER));
  if (!issue) throw new Error("the app opened no dashboard issue");
  lines((issue.body ?? "").split("\n"), "    ");
  console.log("");
  console.log(`The dashboard issue: ${issue.html_url}`);
}
