export { parseTaskMeta, MAX_ENTRIES, type MetaKey, type Repository, type TaskMeta, type TaskMetaProblem } from "./task-meta.js";
export { compileGlob, globMatches, touchesMatch, MAX_GLOB_ALTERNATIVES, MAX_GLOB_LENGTH, type GlobError } from "./glob.js";
export { globsOverlap, overlapWitness, touchesOverlap, type GlobPair, type OverlapWitness } from "./overlap.js";
export { cycleThrough, findCycles, unmetDependencies, type DependencyGraph } from "./dependencies.js";
export { admissionRefusals, type ActiveTrack, type AdmissionInput, type AdmissionRefusal } from "./refusals.js";
export { fileOverlaps, newlyClaimable, type FileOverlap, type TrackFiles, type WaitingTask } from "./follow-ups.js";
