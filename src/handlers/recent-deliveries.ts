/**
 * A bounded memory of the deliveries this process has already handled: the cheap first line of dedupe
 * (GitHub redelivers with the same `X-GitHub-Delivery`). The reaction in `take-comment.ts` is the line that
 * holds across restarts and replicas.
 */
export class RecentDeliveries {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 5_000) {}

  /** True the first time a key is offered, false after. */
  firstTime(key: string): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}
