// A vitest reporter that ends the run with one plain line, `N passed, N failed, N skipped against
// valkey 9.1.2 (/path/to/valkey-server)`, so CI logs state the count and the server in a form any
// reader (human or log scraper) understands. Each failed test gets a line of its own before it
// (`FAILED file > test: first line of the error`), also appended to $TEST_FAILURES_FILE when set:
// test/servers/run-matrix.sh repeats them in its closing summary, the part of a long log that is kept.
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

const firstLine = (errors: readonly SerializedError[] | undefined): string => errors?.[0]?.message?.split('\n')[0] ?? 'no error message';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    const failures: string[] = [];
    for (const m of modules) {
      const file = relative(process.cwd(), m.moduleId);
      // Errors outside any test: a file that does not load, a failed beforeAll or afterAll.
      for (const s of [m, ...m.children.allSuites()]) if (s.errors().length) failures.push(`FAILED ${file}: ${firstLine(s.errors())}`);
      for (const t of m.children.allTests()) {
        const result = t.result();
        if (result.state === 'passed') count.passed++;
        else if (result.state === 'failed') {
          count.failed++;
          failures.push(`FAILED ${file} > ${t.fullName}: ${firstLine(result.errors)}`);
        } else count.skipped++;
      }
    }
    if (unhandled.length) failures.push(`FAILED unhandled error: ${firstLine(unhandled)}`);
    const server = `${process.env.REDIS_SERVER_VERSION} (${process.env.REDIS_SERVER_BIN_RESOLVED})`;
    const lines = failures.map((f) => `${f}\n`).join('');
    if (lines && process.env.TEST_FAILURES_FILE) appendFileSync(process.env.TEST_FAILURES_FILE, lines);
    process.stdout.write(`\n${lines}${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped against ${server}\n`);
  }
}
