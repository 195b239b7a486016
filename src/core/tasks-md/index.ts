export { checkTask, mentionsTask, type CheckTaskResult } from "./check-task.js";
export { parseTasks, renderTasks, type LineEnding, type TaskLine, type TasksDocument } from "./document.js";
export type { Checkbox } from "./checkbox.js";
export { mergeTasks } from "./merge.js";
export { backlogItems, type BacklogItem } from "./backlog.js";
