import type { AgentConfig } from '../config/types.js';
import { runPoliciesOnce, type PoliciesOnceResult } from '../runner/run-policies.js';
import type { Logger } from '../log/logger.js';
import { redactUserinfo } from '../log/redact.js';
import type { TargetJob } from './jobs.js';

/**
 * Run every job at once, each through the daemon's one-shot policy run (its own session and
 * timeouts, one audit line per kill run). A one-shot run has no detection time, so
 * onlyBeforeChange spares no one. With a deadline, a job still running when it passes counts
 * as unreachable, so Sentinel retries rather than SIGKILLs us.
 */
export const runJobs = async (jobs: readonly TargetJob[], cfg: AgentConfig, log: Logger, deadlineMs?: number): Promise<PoliciesOnceResult[]> => {
  const run = (j: TargetJob) => runPoliciesOnce(cfg, j.addr, j.event, { kind: 'hook', change: j.change }, log);
  if (deadlineMs === undefined) return Promise.all(jobs.map(run));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
  try {
    return await Promise.all(
      jobs.map((j) => {
        let done = false;
        return Promise.race([
          run(j).finally(() => (done = true)),
          late.then((): PoliciesOnceResult => {
            const target = redactUserinfo(j.addr);
            const message = `${target}: not finished within ${deadlineMs} ms`;
            if (!done) log.warn({ component: 'hook', target, event: j.event }, message);
            return { target, event: j.event, results: [], error: { code: 'UNREACHABLE', message } };
          }),
        ]);
      }),
    );
  } finally {
    clearTimeout(timer);
  }
};
