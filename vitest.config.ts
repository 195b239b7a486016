import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The e2e suites each start their own emulated GitHub on a random port; run files in parallel
    // but keep the machine's two cores from being oversubscribed.
    maxWorkers: 2,
  },
});
