import { describe, expect, it } from "vitest";
import { coalesced } from "../../src/flows/queue/coalesced-runs.js";

/** A run that records the options it started with, after the run before it (held open by `gate`) is over. */
function runner() {
  const seen: Record<string, unknown>[] = [];
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const run = async (request: { options: Record<string, unknown> }) => {
    if (seen.length === 0) await gate;
    seen.push(request.options);
  };
  return { seen, run, open };
}

describe("queue runs that coalesce", () => {
  it("drop what one trigger handed its run (`started`) once another trigger joins: that run lists everything", async () => {
    const { seen, run, open } = runner();
    const first = coalesced("acme/widgets-a", { github: 1, now: new Date(), options: {} }, run);
    await new Promise((resolve) => setTimeout(resolve, 0)); // the first run has started: the next ones wait for it
    const waiting = coalesced("acme/widgets-a", { github: 1, now: new Date(), options: { started: "track 7", log: "a" } }, run);
    const joining = coalesced("acme/widgets-a", { github: 2, now: new Date(), options: { log: "b" } }, run);
    open();
    await Promise.all([first, waiting, joining]);
    expect(seen).toEqual([{}, { log: "b" }]);
  });

  it("keep it when nothing joins", async () => {
    const { seen, run, open } = runner();
    open();
    await coalesced("acme/widgets-b", { github: 1, now: new Date(), options: { started: "track 8" } }, run);
    expect(seen).toEqual([{ started: "track 8" }]);
  });
});
