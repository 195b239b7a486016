import type { CommandVocabulary } from "../../src/core/command-parser/index.js";

/**
 * The commands the parser tests read: the app's commands as the tests were written for them. The one place that
 * says which commands exist, so it can be replaced by the app's command registry.
 */
export const COMMAND_VOCABULARY: CommandVocabulary = {
  names: ["claim", "release", "done", "fail", "queue", "dequeue", "unblock", "status"],
  takesText: new Set(["fail"]),
};
