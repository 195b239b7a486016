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

function stronglyConnected(deps: DependencyGraph): number[][] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const nodes = new Set<number>([...deps.keys()]);
  for (const targets of deps.values()) for (const target of targets) nodes.add(target);
  for (const root of nodes) {
    if (index.has(root)) continue;
    // Each frame is a node and how many of its edges were already followed.
    const frames: Array<{ node: number; edge: number }> = [{ node: root, edge: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame === undefined) break;
      const targets = deps.get(frame.node) ?? [];
      if (frame.edge < targets.length) {
        const next = targets[frame.edge++] ?? frame.node;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          frames.push({ node: next, edge: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(next) ?? 0));
        }
        continue;
      }
      frames.pop();
      const caller = frames[frames.length - 1];
      if (caller !== undefined) low.set(caller.node, Math.min(low.get(caller.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: number[] = [];
      for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
        onStack.delete(member);
        component.push(member);
        if (member === frame.node) break;
      }
      const selfLoop = targets.includes(frame.node);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  }
  return components;
}
