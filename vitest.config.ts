import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "~": path.resolve(import.meta.dirname, "app"),
  "@db": path.resolve(import.meta.dirname, "db"),
};

// Two projects: pure logic ("unit") and everything that touches a database ("db"). `npm test`
// runs both on embedded PGlite; `npm run test:pg` runs "db" against the PostgreSQL server.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["app/domain/**/*.test.ts", "app/i18n/**/*.test.ts", "scripts/**/*.test.ts"],
          // the demo seed writes to a database: its tests are the "db" project's
          exclude: ["scripts/seed/**", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "scripts/seed/**/*.test.ts", "tests/**/*.test.ts"],
          exclude: ["app/domain/**", "app/i18n/**", "tests/e2e/**", "node_modules/**"],
          environment: "node",
          setupFiles: ["tests/setup-db.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        // browser tests: `npm run test:e2e` (real Chromium against the built app)
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.e2e.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
