/** The CLI's version, as the MCP server announces it (kept equal to package.json's by test/cli/args.test.ts). */
export const VERSION = "0.1.0";
