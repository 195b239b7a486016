/** What a run starts with; a trigger that joins a waiting run replaces the client, adds its options, may move `now` on. */
export interface RunRequest<O extends object, G> {
  github: G;
  now: Date;
  options: O;
}

interface Waiting<O extends object, G> extends RunRequest<O, G> {
  readonly done: Promise<void>;
}

/** Per key: the run in progress, and the one waiting to start after it (which every later trigger joins). */
const slots = new Map<string, { running: Promise<void> | null; waiting: Waiting<object, unknown> | null }>();

/**
 * Runs `run` for `key` once no run of that key is in progress: a request made during a run waits for it, and requests
 * made while one already waits join that one (the latest `now`, every option given), so a burst of triggers costs one
 * more run, not one each. Resolves when the run it joined is over.
 */
export function coalesced<O extends object, G>(key: string, request: RunRequest<O, G>, run: (request: RunRequest<O, G>) => Promise<void>): Promise<void> {
  const slot = slots.get(key) ?? { running: null, waiting: null };
  slots.set(key, slot);
  if (slot.waiting) {
    const joined = slot.waiting as Waiting<O, G>;
    joined.github = request.github;
    // A run handed what one trigger knows (`started`) becomes a full run when another trigger joins it.
    const { started: _mine, ...theirs } = request.options as O & { started?: unknown };
    const { started: _joined, ...ours } = joined.options as O & { started?: unknown };
    joined.options = { ...ours, ...theirs } as O;
    if (request.now.getTime() > joined.now.getTime()) joined.now = request.now;
    return joined.done;
  }
  const previous = slot.running ?? Promise.resolve();
  let start!: () => void;
  const started = new Promise<void>((resolve) => (start = resolve));
  const waiting: Waiting<O, G> = { ...request, done: started.then(() => run(waiting)) };
  slot.waiting = waiting as Waiting<object, unknown>;
  void previous
    .catch(() => undefined)
    .then(() => {
      slot.waiting = null;
      slot.running = waiting.done;
      start();
      return waiting.done;
    })
    .catch(() => undefined)
    .finally(() => {
      if (slot.running === waiting.done) slot.running = null;
      if (slot.running === null && slot.waiting === null && slots.get(key) === slot) slots.delete(key);
    });
  return waiting.done;
}
