export { parseTaskMeta, MAX_ENTRIES, MAX_TOUCHES_ALTERNATIVES, type MetaKey, type Repository, type TaskMeta, type TaskMetaProblem } from "./task-meta.js";
export { compileGlob, globMatches, touchesMatch, MAX_GLOB_ALTERNATIVES, MAX_GLOB_LENGTH, MAX_TOUCHES_CLASSES, type GlobError } from "./glob.js";
export { globsOverlap, overlapWitness, touchesOverlap, type GlobPair, type OverlapWitness } from "./overlap.js";
export { OVERLAP_BUDGET } from "./budget.js";
export { cycleThrough, findCycles, unmetDependencies, type DependencyGraph } from "./dependencies.js";
export { admissionRefusals, type ActiveTrack, type AdmissionInput, type AdmissionRefusal } from "./refusals.js";
export { fileOverlaps, newlyClaimable, type FileOverlap, type TrackFiles, type WaitingTask } from "./follow-ups.js";
