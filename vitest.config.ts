import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Sized for a machine whose other core is busy: the report and property tests take 5-15 s idle, two to three times that beside other work.
    testTimeout: 90_000,
  },
});
