import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: "forks",
    // Training runs on one thread unless a test asks for workers (the data-parallel tests do).
    env: { CRYSTAL_WORKERS: "1" },
  },
});
