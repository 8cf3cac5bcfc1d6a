// Boots a throw-away Debian with systemd as PID 1 under systemd-nspawn and runs commands in it.
// The root is built once by provision-root.sh and cached outside the checkout
// ($RECONF_AGENT_NSPAWN_CACHE, default /var/cache/reconf-agent-nspawn); every boot gets a
// pristine copy of it (--volatile=overlay: writes go to a tmpfs and vanish at power-off) and
// its own loopback (--private-network: the guest's redis-server on 6379 is not the host's).
// There is no systemd on the host, hence --register=no --keep-unit. Needs root; installs
// systemd-container and debootstrap with apt-get when they are missing.
// Limits of such a guest on a cgroup v1 host: MemoryMax= and TasksMax= are not enforced, and
// LimitNOFILE= is capped at 20000. The tests claim nothing about those.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findDebianTool } from '../../helpers/debian-tool.js';

export type Suite = 'bookworm' | 'trixie';
export const CACHE = process.env.RECONF_AGENT_NSPAWN_CACHE ?? '/var/cache/reconf-agent-nspawn';
const PROVISION = new URL('./provision-root.sh', import.meta.url).pathname;

const requireRoot = (): void => {
  if (process.getuid?.() !== 0) throw new Error('the host tests boot systemd-nspawn containers: run them as root (CI does)');
};

/** The cached root for `suite`, built on first use (about 2 min per suite, under a lock). */
export const ensureRoot = async (suite: Suite): Promise<string> => {
  requireRoot();
  findDebianTool('systemd-nspawn', 'systemd-container', 'SYSTEMD_NSPAWN_BIN');
  findDebianTool('debootstrap', 'debootstrap', 'DEBOOTSTRAP_BIN');
  mkdirSync(CACHE, { recursive: true });
  const root = join(CACHE, suite);
  const p = spawn('flock', [join(CACHE, `${suite}.lock`), 'sh', PROVISION, suite, root], { stdio: ['ignore', 'inherit', 'inherit'] });
  const status = await new Promise<number | null>((done) => p.once('close', done));
  if (status !== 0) throw new Error(`could not provision the Debian ${suite} root in ${root} (see ${root}.log)`);
  return root;
};

export interface Bind {
  readonly host: string;
  readonly guest: string;
  readonly readOnly?: boolean;
}

export interface Guest {
  /** Runs `sh -c script` as root inside the guest (all its namespaces). */
  sh(script: string, opts?: { input?: string; timeoutMs?: number }): SpawnSyncReturns<string>;
  /** Like sh, but throws with the output unless it exits 0; returns stdout. */
  ok(script: string, opts?: { input?: string; timeoutMs?: number }): string;
  /** Everything the guest's console printed so far (boot messages, for failures). */
  console(): string;
  /** Powers the guest off and waits for systemd-nspawn to exit. */
  stop(): Promise<void>;
}

/** Host pids of the children of `pid`. */
const childrenOf = (pid: number): number[] => {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
};

/** The container's init: the descendant of systemd-nspawn that is pid 1 in its own pid namespace. */
const findLeader = (nspawnPid: number): number | undefined => {
  const queue = childrenOf(nspawnPid);
  while (queue.length > 0) {
    const pid = queue.shift()!;
    try {
      const nspid = /^NSpid:\s+(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]?.trim().split(/\s+/);
      if (nspid && nspid.length > 1 && nspid[nspid.length - 1] === '1') return pid;
    } catch {
      continue;
    }
    queue.push(...childrenOf(pid));
  }
  return undefined;
};

/** Boots `root` with systemd as PID 1 and waits until the guest's boot finished (running or degraded). */
export const bootGuest = async (root: string, binds: readonly Bind[] = []): Promise<Guest> => {
  requireRoot();
  if (!existsSync(join(root, '.reconf-agent-root'))) throw new Error(`${root} is not a provisioned root: call ensureRoot first`);
  const args = ['-q', '-D', root, '--register=no', '--keep-unit', '--volatile=overlay', '--private-network', '--console=pipe'];
  for (const b of binds) args.push(`--bind${b.readOnly ? '-ro' : ''}=${b.host}:${b.guest}`);
  const nspawn: ChildProcess = spawn('systemd-nspawn', [...args, '-b'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  nspawn.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  nspawn.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((done) => nspawn.once('exit', () => done()));
  let gone = false;
  void exited.then(() => (gone = true));

  let leader: number | undefined;
  const deadline = Date.now() + 90_000;
  while (leader === undefined) {
    if (gone || Date.now() > deadline) throw new Error(`systemd-nspawn did not start a guest:\n${out}`);
    leader = findLeader(nspawn.pid!);
    if (leader === undefined) await sleep(100);
  }
  const pidOfLeader = leader;
  const sh = (script: string, opts: { input?: string; timeoutMs?: number } = {}) =>
    spawnSync('nsenter', ['-t', String(pidOfLeader), '-a', '--', '/bin/sh', '-c', script], {
      encoding: 'utf8',
      input: opts.input,
      timeout: opts.timeoutMs ?? 60_000,
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0' },
    });
  const ok = (script: string, opts: { input?: string; timeoutMs?: number } = {}): string => {
    const r = sh(script, opts);
    if (r.status !== 0) throw new Error(`in the guest, \`${script}\` exited ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  const stop = async (): Promise<void> => {
    if (gone) return;
    nspawn.kill('SIGTERM'); // nspawn asks the guest's systemd for a clean power-off
    const killer = setTimeout(() => nspawn.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(killer);
  };
  // The boot is done when systemd says so; the guest's own units (redis-server) are up by then.
  while (Date.now() < deadline) {
    const state = sh('systemctl is-system-running --wait', { timeoutMs: 60_000 }).stdout.trim();
    if (state === 'running' || state === 'degraded') return { sh, ok, console: () => out, stop };
    if (gone) break;
    await sleep(200);
  }
  await stop();
  throw new Error(`the guest did not finish booting:\n${out}`);
};
