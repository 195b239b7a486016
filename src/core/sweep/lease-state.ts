/** Ref name (without `refs/`) of the sweep lease: its commit says when the last sweep of the repository started. */
export const SWEEP_LEASE_REF = "switchyard/sweep";
const HEADER = "switchyard-sweep: ";

export interface SweepLeaseState {
  readonly startedAt: string;
  /** Which replica took it (host, process and a random tag): for people reading the ref, never compared. */
  readonly by: string;
}

/** The lease as read: its commit and state (`state: null` when the message is not ours), or `null` before any sweep. */
export type SweepLeaseSnapshot = { readonly sha: string; readonly tree: string; readonly state: SweepLeaseState | null } | null;

export function encodeSweepLease(state: SweepLeaseState): string {
  return `switchyard: sweep\n\n${HEADER}${JSON.stringify(state)}\n`;
}

export function decodeSweepLease(message: string): SweepLeaseState | null {
  const line = message.split("\n").find((l) => l.startsWith(HEADER));
  if (!line) return null;
  try {
    const raw = JSON.parse(line.slice(HEADER.length)) as Partial<SweepLeaseState> | null;
    if (typeof raw?.startedAt !== "string" || !Number.isFinite(Date.parse(raw.startedAt))) return null;
    return { startedAt: raw.startedAt, by: typeof raw.by === "string" ? raw.by : "unknown" };
  } catch {
    return null;
  }
}
