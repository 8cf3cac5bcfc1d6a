import { runKill } from '../agent/kill-run.js';
import { openSession } from '../agent/session.js';
import type { AgentConfig, PolicyConfig } from '../config/types.js';
import { targetLabel } from '../core/target.js';
import { ReconfError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { TargetJob } from './jobs.js';
import type { TargetOutcome } from './outcome.js';

const errorOf = (e: unknown) => (e instanceof ReconfError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: String((e as Error)?.message ?? e) });

const killSpec = (p: PolicyConfig, cfg: AgentConfig) => ({
  filter: p.filter,
  allowReplication: cfg.allowReplication,
  dryRun: cfg.dryRun,
  ...(p.maxKills !== undefined && { maxKills: p.maxKills }),
  ...(p.batch && { batch: p.batch }),
});

/**
 * One session to the target, then its policies in file order, each through runKill (one
 * audit line each). A one-shot run has no detection time, so onlyBeforeChange spares no one:
 * every client present counts as older than the change.
 */
export const runJob = async (job: TargetJob, cfg: AgentConfig, log: Logger): Promise<TargetOutcome> => {
  const label = targetLabel(job.target);
  const jlog = log.child({ component: 'hook', target: label, event: job.event });
  let session: Awaited<ReturnType<typeof openSession>>;
  try {
    session = await openSession(job.target, cfg);
  } catch (e) {
    const error = errorOf(e);
    jlog.warn({ error }, 'target not reached: no policy ran');
    return { target: label, event: job.event, runs: [], error };
  }
  try {
    const runs = [];
    for (const p of job.policies) {
      runs.push(await runKill(session, killSpec(p, cfg), { kind: 'hook', name: p.name, event: job.event, change: job.change }, jlog));
    }
    return { target: label, event: job.event, runs };
  } finally {
    session.close();
  }
};

/**
 * Run every job at once (each target has its own timeouts). With a deadline, a job still
 * running when it passes counts as unreachable, so Sentinel retries rather than SIGKILLs us.
 */
export const runJobs = async (jobs: readonly TargetJob[], cfg: AgentConfig, log: Logger, deadlineMs?: number): Promise<TargetOutcome[]> => {
  if (deadlineMs === undefined) return Promise.all(jobs.map((j) => runJob(j, cfg, log)));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
  try {
    return await Promise.all(
      jobs.map((j) => {
        let done = false;
        return Promise.race([
          runJob(j, cfg, log).finally(() => (done = true)),
          late.then((): TargetOutcome => {
            const message = `${targetLabel(j.target)}: not finished within ${deadlineMs} ms`;
            if (!done) log.warn({ component: 'hook', target: targetLabel(j.target), event: j.event }, message);
            return { target: targetLabel(j.target), event: j.event, runs: [], error: { code: 'UNREACHABLE', message } };
          }),
        ]);
      }),
    );
  } finally {
    clearTimeout(timer);
  }
};
