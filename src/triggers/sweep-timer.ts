export interface SweepTimer {
  /** No new sweep starts after this; resolves when the one running (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `sweep` every `intervalMs`, each wait drawn from 80–120% of it so replicas started together drift apart.
 * The next wait starts when a sweep ends, so sweeps never overlap. The timer does not keep the process alive.
 */
export function startSweepTimer(intervalMs: number, sweep: () => Promise<unknown>, random: () => number = Math.random): SweepTimer {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(tick, intervalMs * (0.8 + 0.4 * random()));
    timer.unref();
  };
  const tick = () => {
    // `sweep` reports its own failures; a rejection here must not end the timer.
    running = sweep().catch(() => undefined).finally(schedule);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
