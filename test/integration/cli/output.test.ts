// Integration tests of what kill and list print against a real server (the plan lines follow its capabilities): --json, --explain (native and emulated plans), the list table and list --json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { addUsers, clientList, gone, PASSWORD, track, type Tracked } from '../../helpers/population.js';
import { expectedPlan, probeTestServer, serverName } from '../../helpers/server-caps.js';
import { startReplica, startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

interface ClientJson {
  id: number;
  addr: string;
  type: string;
  user?: string;
  name: string;
  flags: string;
  db: number;
}

describe('kill and list output', () => {
  let server: ServerHandle;
  let apps: Tracked[];
  let sub: Tracked;
  let plain: Tracked;

  beforeAll(async () => {
    server = await startServer(['--repl-diskless-sync-delay', '0']);
    await startReplica(server);
    await addUsers(server.port, ['app']);
    apps = await Promise.all([1, 2].map((i) => track(server.port, `app-${i}`, { username: 'app', password: PASSWORD, name: `app-${i}` })));
    sub = await track(server.port, 'sub', { name: 'listener' });
    plain = await track(server.port, 'plain', { db: 2 });
    await sub.redis.subscribe('events');
  });
  afterAll(stopAll);

  it('--explain prints the emulated plan for TYPE normal IDLE 60 where IDLE is not native (Redis 7.0), then runs it', async () => {
    const probe = await probeTestServer(server.port);
    const res = await runCli(['kill', server.addr, 'TYPE', 'normal', 'IDLE', '60', '--explain']);
    expect(res.code, res.stderr).toBe(0);
    if (expectedPlan(probe, 'IDLE') === 'native') {
      expect(res.stdout).toContain('plan: native');
      expect(res.stdout).toContain('CLIENT KILL IDLE 60 TYPE normal SKIPME yes');
      return;
    }
    expect(res.stdout).toBe(
      [
        `server: ${serverName(probe)} (capabilities from ${probe.caps.source})`,
        'plan: emulated',
        `  because IDLE is not a CLIENT KILL filter on ${serverName(probe)}`,
        'types touched: normal (replication links protected)',
        'commands:',
        '  CLIENT LIST TYPE normal',
        '  (evaluate the filter on each client locally)',
        probe.caps.multiId ? '  CLIENT KILL ID <id...> TYPE <type as listed> SKIPME yes' : '  CLIENT KILL ID <id> TYPE <type as listed> SKIPME yes, pipelined one per client',
        `killed 0 client(s) on ${server.addr}`,
        '',
      ].join('\n'),
    );
  });

  it('--explain prints the native commands for USER app, split to keep replication links out', async () => {
    const res = await runCli(['kill', server.addr, 'USER', 'app', '--explain', '--dry-run']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(
      [
        'plan: native',
        'types touched: normal, pubsub (replication links protected)',
        'commands:',
        '  CLIENT KILL USER app TYPE pubsub SKIPME yes',
        '  CLIENT KILL USER app TYPE normal SKIPME yes',
      ].join('\n'),
    );
    expect(res.stdout).toContain('dry run: only the CLIENT LIST step is sent; nothing is killed');
    expect(res.stdout).toContain('dry run: 2 client(s) would be killed');
    expect(await gone(server.port, [...apps, sub, plain])).toEqual([]);
  });

  it('--explain with --max-kills says the native filter is counted locally first', async () => {
    const res = await runCli(['kill', server.addr, 'USER', 'app', '--explain', '--dry-run', '--max-kills', '10']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('--max-kills 10: counting first');
    expect(res.stdout).toContain('(refuse, killing nothing, if more than 10 match)');
    expect(res.stdout).toContain('native equivalent without a cap:\n  CLIENT KILL USER app TYPE pubsub SKIPME yes');
  });

  it('--json --dry-run parses and describes the matched clients', async () => {
    const res = await runCli(['kill', server.addr, 'USER', 'app', '--json', '--dry-run']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as Record<string, unknown> & { clients: ClientJson[] };
    expect(out).toMatchObject({
      target: server.addr,
      filter: 'USER app',
      plan: 'native',
      dryRun: true,
      matched: 2,
      killed: 0,
      commands: ['CLIENT LIST TYPE normal', 'CLIENT LIST TYPE pubsub'],
    });
    expect(out.clients.map((c) => c.id).sort()).toEqual(apps.map((t) => t.id).sort());
    for (const c of out.clients) expect(c).toMatchObject({ type: 'normal', user: 'app', flags: '', db: 0 });
    expect(typeof out.durationMs).toBe('number');
  });

  it('--json of a native kill gives the commands sent and no client list', async () => {
    const extra = await track(server.port, 'extra', { name: 'extra' });
    const res = await runCli(['kill', server.addr, 'TYPE', 'normal', 'ADDR', String(await extra.redis.call('CLIENT', 'INFO')).match(/ addr=(\S+)/)![1]!, '--json']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ plan: 'native', dryRun: false, matched: 1, killed: 1 });
    expect(out.commands).toEqual([expect.stringMatching(/^CLIENT KILL ADDR 127\.0\.0\.1:\d+ TYPE normal SKIPME yes$/)]);
    expect(out).not.toHaveProperty('clients');
    expect(await gone(server.port, [extra])).toEqual(['extra']);
  });

  it('list shows every client but replication links and itself, as a table', async () => {
    const res = await runCli(['list', server.addr]);
    expect(res.code, res.stderr).toBe(0);
    const [header, ...rows] = res.stdout.trimEnd().split('\n');
    expect(header!.split(/\s+/)).toEqual(['id', 'addr', 'type', 'user', 'name', 'age', 'idle', 'flags']);
    const ids = rows.map((r) => r.split(/\s+/)[0]);
    const listed = await clientList(server.port);
    const link = listed.find((c) => c.flags === 'S')!;
    expect(ids).not.toContain(link.id);
    expect(ids).toEqual(expect.arrayContaining([...apps, sub, plain].map((t) => t.id)));
    const subRow = rows.find((r) => r.startsWith(`${sub.id} `))!.split(/\s+/);
    expect([subRow[2], subRow[3], subRow[4], subRow.at(-1)]).toEqual(['pubsub', 'default', 'listener', 'P']);
  });

  it('list with a filter, as JSON', async () => {
    const res = await runCli(['list', server.addr, 'DB', '2', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as ClientJson[];
    expect(out.map((c) => c.id)).toEqual([plain.id]);
    expect(out[0]).toMatchObject({ db: 2, type: 'normal', name: '', user: 'default' });
  });

  it('list --allow-replication includes the replica link; list with nothing matching says so', async () => {
    const withLinks = JSON.parse((await runCli(['list', server.addr, '--allow-replication', '--json'])).stdout) as ClientJson[];
    expect(withLinks.filter((c) => c.type === 'replica')).toHaveLength(1);
    const none = await runCli(['list', server.addr, 'NAME', 'nobody']);
    expect(none).toMatchObject({ code: 0, stdout: '(no matching clients)\n' });
  });

  it('list refuses TYPE replica without --allow-replication (exit 64)', async () => {
    const res = await runCli(['list', server.addr, 'TYPE', 'replica']);
    expect(res.code, res.stderr).toBe(64);
    expect(res.stderr).toMatch(/^reconf-agent: .*--allow-replication/);
  });
});
