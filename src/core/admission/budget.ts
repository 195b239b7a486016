/**
 * A count of the work one comparison of two Touches lists may do, so that a crafted list cannot hold the process.
 *
 * The overlap test is exact but its cost is a product: every alternative of one list against every alternative
 * of the other, and inside, every token of one segment against every token of the other. The parse limits
 * (meta-entries.ts, glob.ts) keep the lists small; the budget bounds what is left. It counts steps (a search state,
 * a question asked of minimatch), not time, so the same input always gets the same answer. A comparison that runs
 * out stops, and every pair it had not settled counts as overlapping: conservative, as admission must be.
 */

/**
 * Steps one comparison of two lists (the task's against one active track's) may take: ample for what people write
 * (two lists of 16 everyday globs, braces and classes included, take under 10,000), and about 2 ms on a slow shared
 * machine, so twenty active tracks of the worst lists allowed cost a claim some 20 to 60 ms.
 */
export const OVERLAP_BUDGET = 20_000;

/** What asking minimatch whether a character is in a character class costs, in steps. */
export const MATCHER_STEP_COST = 4;

/** Thrown by `spend` when the budget is used up; caught where the comparison started. */
export class OutOfBudget extends Error {
  constructor() {
    super("overlap budget used up");
  }
}

/** One instance, thrown every time: capturing a fresh stack trace can cost more than the comparison itself. */
const OUT_OF_BUDGET = new OutOfBudget();

/** The work budget of one comparison, and the answers it has already paid for. */
export class Budget {
  /** Answers already paid for in this comparison, by question: asked again, they cost nothing. */
  private readonly answers = new Map<string | number, unknown>();
  /** A small number for each key seen (a segment's text), so that questions about long keys are short to ask. */
  private readonly ids = new Map<string, number>();

  constructor(private left: number) {}

  /** Takes `steps` from the budget; throws OutOfBudget once it is used up. */
  spend(steps: number): void {
    this.left -= steps;
    if (this.left < 0) throw OUT_OF_BUDGET;
  }

  /**
   * The answer to `question`, computed (and charged, by `compute` itself) the first time this budget sees it. The
   * memo lives as long as the budget, one comparison, so the charges depend on the input alone.
   */
  /**
   * A question about a pair of keys as one number: `kind` (0 to 7) tells questions about the same pair apart.
   * Kinds in use: 0 to 2 in path-search.ts, 3 in segment.ts, 4 in char-class.ts.
   * Ids stay below 2^21 (each costs a step, and no budget has that many), so the number is exact.
   */
  pairQuestion(kind: number, a: string, b: string): number {
    return (this.idOf(a) * 2 ** 21 + this.idOf(b)) * 8 + kind;
  }

  /** The same number for the same key, for the life of this budget. */
  idOf(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      this.spend(1);
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }

  memo<T>(question: string | number, compute: () => T): T {
    if (this.answers.has(question)) return this.answers.get(question) as T;
    const answer = compute();
    this.answers.set(question, answer);
    return answer;
  }
}

/** For work the parse limits bound alone: a segment against `*` (linear), one glob against another (`overlapWitness`). */
export const unlimited = (): Budget => new Budget(Number.POSITIVE_INFINITY);
