// A vitest reporter that ends the run with one plain line, `N passed, N failed, N skipped against
// valkey 9.1.2 (/path/to/valkey-server)`, so CI logs state the count and the server in a form any
// reader (human or log scraper) understands.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
    }
    const server = `${process.env.REDIS_SERVER_VERSION} (${process.env.REDIS_SERVER_BIN_RESOLVED})`;
    process.stdout.write(`\n${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped against ${server}\n`);
  }
}
