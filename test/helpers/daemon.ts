// Runs the daemon for tests: in this process (startDaemon, with its events and logs recorded), or as
// `reconf-agent run` child processes whose JSON log lines the test can wait for and signal.
import { spawn, type ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { stringify } from 'yaml';
import type { KillRunResult } from '../../src/kill/kill-run.js';
import { validateConfig } from '../../src/config/load.js';
import type { AgentConfig } from '../../src/config/types.js';
import { startDaemon, type DaemonHandle } from '../../src/daemon/daemon.js';
import type { DaemonEventMap } from '../../src/daemon/events.js';
import { CLI } from './cli.js';
import { afterAll, beforeAll } from 'vitest';
import { startServer, stopAll, waitFor, type ServerHandle } from './servers.js';

type Recorded = { [K in keyof DaemonEventMap]: DaemonEventMap[K][0][] };

export interface TestDaemon {
  readonly handle: DaemonHandle;
  readonly cfg: AgentConfig;
  /** Every event so far, by name. */
  readonly seen: Recorded;
  /** Every log line so far, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Kill runs on one target, optionally of one policy. */
  runs(target: string, policy?: string): KillRunResult[];
  stop(): Promise<void>;
}

const running = new Set<TestDaemon>();

/** Validate `doc` as a config file would be and start the daemon in this process. */
export const startTestDaemon = async (doc: Record<string, unknown>): Promise<TestDaemon> => {
  const cfg = validateConfig({ admin: { listen: '' }, ...doc }, {});
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  const handle = await startDaemon(cfg, { logger });
  const names = ['role-change', 'kill-run', 'held', 'released', 'target-down', 'target-up', 'restarted', 'reaper-run'] as const;
  const seen = Object.fromEntries(names.map((n) => [n, []])) as unknown as Recorded;
  for (const n of names) (handle.events as EventEmitter).on(n, (e: unknown) => void (seen[n] as unknown[]).push(e));
  const d: TestDaemon = {
    handle,
    cfg,
    seen,
    logs,
    runs: (target, policy) => seen['kill-run'].filter((r) => r.target === target && (policy === undefined || r.trigger.name === policy)),
    stop: async () => {
      running.delete(d);
      await handle.stop();
    },
  };
  running.add(d);
  await handle.ready;
  return d;
};

/** Stop every in-process daemon still running (for afterAll, before stopAll). */
export const stopTestDaemons = async (): Promise<void> => {
  await Promise.all([...running].map((d) => d.stop()));
};

export interface DaemonProcess {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
  /** Wait for a JSON log line matching `pred`. */
  waitForLog(pred: (l: Record<string, unknown>) => boolean, what: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

const children = new Set<ChildProcess>();

/** Spawn `reconf-agent run -c <configPath>`; its stdout is parsed as pino JSON lines. */
export const spawnDaemon = (configPath: string, env: NodeJS.ProcessEnv = {}): DaemonProcess => {
  const child = spawn(process.execPath, [CLI, 'run', '-c', configPath], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const lines: Record<string, unknown>[] = [];
  let buf = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const p of parts) if (p.trim()) lines.push(JSON.parse(p) as Record<string, unknown>);
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (children.delete(child), resolve(code))));
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitForLog: async (pred, what, timeoutMs = 20_000) => {
      await waitFor(async () => lines.some(pred), timeoutMs, `${what}; stderr: ${err}`);
      return lines.find(pred)!;
    },
  };
};

/** SIGKILL every spawned daemon still running. */
export const killDaemons = async (): Promise<void> => {
  await Promise.all(
    [...children].map((c) => {
      const exited = new Promise((resolve) => c.once('exit', resolve));
      c.kill('SIGKILL');
      return exited;
    }),
  );
};

/** A temp dir for config files; `write` returns the path, `cleanup` removes it. */
export const tempConfigDir = (): { write(name: string, doc: unknown): string; cleanup(): void } => {
  const dir = mkdtempSync(join(tmpdir(), 'reconf-daemon-'));
  return {
    write: (name, doc) => {
      const path = join(dir, name);
      writeFileSync(path, typeof doc === 'string' ? doc : stringify(doc));
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
};

/**
 * One real server and a config dir for a describe block: the server starts before its tests;
 * after them any agent processes are killed, the servers stopped and the dir removed.
 */
export const serverAndConfigDir = (): { readonly server: ServerHandle; readonly files: ReturnType<typeof tempConfigDir> } => {
  let server: ServerHandle | undefined;
  const files = tempConfigDir();
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await killDaemons();
    await stopAll();
    files.cleanup();
  });
  return {
    get server() {
      if (!server) throw new Error('serverAndConfigDir: the server is started in beforeAll; use it inside a test');
      return server;
    },
    files,
  };
};
