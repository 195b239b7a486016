/**
 * The architecture, enforced (`npm run lint`). Arrows point one way:
 *
 *   main/server → startup (settings, credentials check, health routes, registration page)
 *   server, github/, flows → metrics (Prometheus registry; hooks that count what already flows through)
 *   index/server/main → handlers, triggers → flows → commands, github → core, config
 *                                               messages ↗ (rendering only; used by github/apply)
 *
 * core/ (and commands/, messages/) decide and render: they import nothing that does I/O. github/ is the only code
 * of the app that talks to GitHub. Import cycles: none, anywhere.
 *
 * cli/ is the agent's side (`switchyard`, and its MCP server): a client of GitHub with the agent's own token, beside
 * the app, not part of it. It builds on core/, commands/ (the registry) and config/; the app never imports it.
 * Node's built-in modules resolve without their `node:` prefix here (`child_process`), so the pattern takes both.
 */
const PURE = "^src/(core|commands|messages)/";
const IO_MODULES = "^(probot|@octokit|smee-client|(node:)?(fs|net|http|https|child_process|os|dns|tls|dgram|worker_threads)$)";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "An import cycle hides which module depends on which; split the shared piece out.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "pure-core-no-io",
      severity: "error",
      comment: "core/, commands/ and messages/ decide and render from plain data: no GitHub, no network, no files.",
      from: { path: PURE },
      to: { path: [IO_MODULES, "^src/(github|flows|handlers|triggers)/", "^src/(index|server|main)\\.ts$"] },
    },
    {
      name: "decisions-are-not-measured",
      severity: "error",
      comment: "core/, commands/ and messages/ return data; what happened is counted where it is applied (metrics/ hooks).",
      from: { path: PURE },
      to: { path: "^src/metrics/" },
    },
    {
      name: "metrics-only-observe",
      severity: "error",
      comment:
        "metrics/ is given what happened (operations, outcomes, requests) and reads core/'s types to name it: it never " +
        "loads, writes, or calls a flow, so counting can change nothing.",
      from: { path: "^src/metrics/" },
      to: { path: ["^src/(github|flows|handlers|triggers|commands|messages|startup|cli)/", "^src/(index|server|main)\\.ts$"] },
    },
    {
      name: "core-stands-alone",
      severity: "error",
      comment: "core/ is the bottom layer: commands/ and messages/ build on it, never the other way.",
      from: { path: "^src/core/" },
      to: { path: "^src/(commands|messages)/" },
    },
    {
      name: "commands-decide-messages-render",
      severity: "error",
      comment: "Decisions return message data; only the apply step renders it.",
      from: { path: "^src/commands/" },
      to: { path: "^src/messages/" },
    },
    {
      name: "github-is-io-only",
      severity: "error",
      comment: "github/ loads and applies; it never runs a flow or a handler.",
      from: { path: "^src/github/" },
      to: { path: "^src/(flows|handlers|triggers)/" },
    },
    {
      name: "flows-are-called-not-calling-up",
      severity: "error",
      comment: "Flows are started by handlers and triggers, never the other way round.",
      from: { path: "^src/flows/" },
      to: { path: "^src/(handlers|triggers)/|^src/(index|server|main)\\.ts$" },
    },
    {
      name: "startup-is-the-entry",
      comment: "startup/ turns the environment into a running server; only the entry points (main, server) use it.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(startup/|server\\.ts$|main\\.ts$)" },
      to: { path: "^src/startup/" },
    },
    {
      name: "handlers-only-call-flows",
      severity: "error",
      comment: "A handler picks the target and calls a flow: no loading, deciding or writing of its own.",
      from: { path: "^src/handlers/" },
      to: { path: "^src/(github|core|commands|messages)/" },
    },
    {
      name: "cli-is-a-client",
      severity: "error",
      comment:
        "cli/ talks to GitHub itself (@octokit/rest, the agent's token) and decides with core/, commands/ and config/: " +
        "never through the app's loading, flows, handlers, rendering or server.",
      from: { path: "^src/cli/" },
      to: { path: ["^src/(github|flows|handlers|triggers|messages)/", "^src/(index|server|main)\\.ts$"] },
    },
    {
      name: "nothing-imports-the-cli",
      severity: "error",
      comment: "The app does not depend on its client.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "cli-decisions-are-pure",
      severity: "error",
      comment: "Which tasks are claimable and which reply answers which comment are decided from plain data, like core/.",
      from: { path: "^src/cli/(board|replies)/" },
      to: { path: [IO_MODULES, "^src/cli/(api|git|actions|mcp)/", "^src/cli/(session|dispatch|run|main|io)\\.ts$"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^(lib|node_modules)/" },
  },
};
