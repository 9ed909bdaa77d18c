import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'src-renderer/**/*.test.ts', 'sensor/tests/**/*.test.ts', '*.test.ts'],
    exclude: ['node_modules/**', 'out/**', 'e2e/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Sensor and SSH integration tests share the kernel and the network namespaces: one file at a time.
    fileParallelism: false,
  },
});
