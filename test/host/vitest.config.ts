// The host tests run ONCE per CI run, not per server: `npx vitest run --config test/host/vitest.config.ts`
// after `npm run build`. They need root (systemd-nspawn) and install what they need with apt-get.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/host/**/*.test.ts'],
    globalSetup: ['test/host/global-setup.ts'],
    pool: 'forks',
    // One file at a time: each boots containers, and the machine is small.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 900_000,
  },
});
