/** First line of the dashboard issue: with the app as its author, how the app finds its own dashboard again. */
export const DASHBOARD_MARKER = "<!-- switchyard:dashboard -->";
export const DASHBOARD_TITLE = "Switchyard dashboard";

const DATA_START = "<!-- switchyard:dashboard-data ";
const DATA_END = " -->";

/** The hidden block that carries the dashboard's memory: JSON that cannot close the HTML comment early. */
export function dataBlock(data: unknown): string {
  const json = JSON.stringify(data).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `${DATA_START}${json}${DATA_END}`;
}

/** The memory in a dashboard body (the last block, as the app writes it at the end), or `null` when unreadable. */
export function readDataBlock(body: string): unknown {
  const start = body.lastIndexOf(DATA_START);
  if (start === -1) return null;
  const end = body.indexOf(DATA_END, start + DATA_START.length);
  if (end === -1) return null;
  try {
    return JSON.parse(body.slice(start + DATA_START.length, end)) as unknown;
  } catch {
    return null;
  }
}

/** Whether an issue body is a dashboard's (its author must be checked too: anyone can copy the marker). */
export function isDashboardBody(body: string | null | undefined): boolean {
  return typeof body === "string" && body.startsWith(DASHBOARD_MARKER);
}
