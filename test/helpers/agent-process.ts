// Runs the built CLI as a long-lived child (`reconf-agent run ...`), collecting its output while it runs.
import { spawn } from 'node:child_process';
import { CLI } from './cli.js';

export interface AgentProcess {
  /** Everything written to stdout so far (the daemon's JSON log lines). */
  stdout(): string;
  stderr(): string;
  /** Send `signal` and wait for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<() => void>();

export const startAgent = (args: readonly string[], env: NodeJS.ProcessEnv = {}): AgentProcess => {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const kill = () => child.kill('SIGKILL');
  running.add(kill);
  return {
    stdout: () => out,
    stderr: () => err,
    stop: async (signal = 'SIGTERM') => {
      running.delete(kill);
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
};

process.once('exit', () => running.forEach((kill) => kill()));
