/** The `Depends on` graph: task number → the task numbers it depends on. */
export type DependencyGraph = ReadonlyMap<number, readonly number[]>;

/** The task's direct dependencies that are not done, each once, in the order listed. */
export function unmetDependencies(task: number, deps: DependencyGraph, isDone: (task: number) => boolean): number[] {
  return [...new Set(deps.get(task) ?? [])].filter((dependency) => !isDone(dependency));
}

/**
 * The dependency cycles, one per strongly connected component that has one (Tarjan, iterative so a long chain
 * cannot overflow the stack). Each is given as a shortest cycle through the component's smallest task, starting
 * there: [3, 5] means 3 → 5 → 3. Sorted by that first task.
 */
export function findCycles(deps: DependencyGraph): number[][] {
  const cycles: number[][] = [];
  for (const component of stronglyConnected(deps)) {
    const first = Math.min(...component);
    const cycle = cycleThrough(first, deps, new Set(component));
    if (cycle !== null) cycles.push(cycle);
  }
  return cycles.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** A shortest cycle from `task` back to itself (optionally only through `within`), or null. */
export function cycleThrough(task: number, deps: DependencyGraph, within?: ReadonlySet<number>): number[] | null {
  const parent = new Map<number, number>();
  const queue = [task];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] ?? task;
    for (const next of deps.get(node) ?? []) {
      if (within !== undefined && !within.has(next)) continue;
      if (next === task) return pathBack(node, task, parent);
      if (parent.has(next)) continue;
      parent.set(next, node);
      queue.push(next);
    }
  }
  return null;
}

function pathBack(last: number, task: number, parent: ReadonlyMap<number, number>): number[] {
  const path = [last];
  for (let node = last; node !== task; ) {
    node = parent.get(node) ?? task;
    path.push(node);
  }
  return path.reverse();
}

/** The strongly connected components that contain a cycle: more than one task, or one that depends on itself. */
function stronglyConnected(deps: DependencyGraph): number[][] {
  return new Tarjan(deps).components();
}

/** A task on the depth-first path, and how many of its edges were already followed. */
interface Frame {
  readonly node: number;
  edge: number;
}

/** Tarjan's algorithm with an explicit stack of frames instead of recursion, so a long chain cannot overflow. */
class Tarjan {
  private readonly index = new Map<number, number>();
  private readonly low = new Map<number, number>();
  private readonly onStack = new Set<number>();
  private readonly stack: number[] = [];
  private readonly found: number[][] = [];
  private counter = 0;

  constructor(private readonly deps: DependencyGraph) {}

  components(): number[][] {
    const nodes = new Set<number>([...this.deps.keys()]);
    for (const targets of this.deps.values()) for (const target of targets) nodes.add(target);
    for (const root of nodes) if (!this.index.has(root)) this.search(root);
    return this.found;
  }

  private search(root: number): void {
    const frames: Frame[] = [this.enter(root)];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame === undefined) break;
      const targets = this.deps.get(frame.node) ?? [];
      if (frame.edge < targets.length) {
        const next = targets[frame.edge++] ?? frame.node;
        if (!this.index.has(next)) frames.push(this.enter(next));
        else if (this.onStack.has(next)) this.lower(frame.node, this.index.get(next) ?? 0);
        continue;
      }
      frames.pop();
      const caller = frames[frames.length - 1];
      if (caller !== undefined) this.lower(caller.node, this.low.get(frame.node) ?? 0);
      if (this.low.get(frame.node) === this.index.get(frame.node)) this.popComponent(frame.node, targets);
    }
  }

  private enter(node: number): Frame {
    this.index.set(node, this.counter);
    this.low.set(node, this.counter++);
    this.stack.push(node);
    this.onStack.add(node);
    return { node, edge: 0 };
  }

  private lower(node: number, to: number): void {
    this.low.set(node, Math.min(this.low.get(node) ?? 0, to));
  }

  /** `root` heads a component: its members are on the stack down to it. Kept only if it has a cycle. */
  private popComponent(root: number, rootTargets: readonly number[]): void {
    const component: number[] = [];
    for (let member = this.stack.pop(); member !== undefined; member = this.stack.pop()) {
      this.onStack.delete(member);
      component.push(member);
      if (member === root) break;
    }
    if (component.length > 1 || rootTargets.includes(root)) this.found.push(component);
  }
}
