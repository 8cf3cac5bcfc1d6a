// `reconf-agent run` logged in with exactly the ACL lines of docs/install.md, through a real SENTINEL FAILOVER: policies kill what they should and no server denies a command.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_ACL_RULES } from '../../../src/demo/agent-user.js';
import { aclDenials, applyDocsAcl, configDir, docsAclLine, startPrimaryReplica } from '../../helpers/agent-setup.js';
import { startAgent, type AgentProcess } from '../../helpers/agent-process.js';
import { connectApps, connectedAs } from '../../helpers/app-clients.js';
import { startSentinel, stopAll, waitFor, type ServerHandle } from '../../helpers/servers.js';

const MASTER = 'aclmaster';
const DATA_PASSWORD = 'agent-data-pw';
const SENTINEL_PASSWORD = 'agent-sentinel-pw';

describe('the daemon as the docs ACL user', () => {
  let master: ServerHandle;
  let replica: ServerHandle;
  let sentinel: ServerHandle;
  let agent: AgentProcess;
  const files = configDir();
  const auditLines = () =>
    agent
      .stdout()
      .split('\n')
      .filter((l) => l.includes('"audit":true'))
      .map((l) => JSON.parse(l) as { trigger: { name: string }; killed: number; error?: unknown });

  beforeAll(async () => {
    ({ master, replica } = await startPrimaryReplica(DATA_PASSWORD, ['app']));
    sentinel = await startSentinel(MASTER, master, { quorum: 1 });
    await applyDocsAcl(sentinel, SENTINEL_PASSWORD, 'sentinel');
    const admin = await sentinel.client();
    await waitFor(async () => ((await admin.call('SENTINEL', 'REPLICAS', MASTER)) as unknown[]).length === 1, 20_000, 'sentinel to find the replica');
    const cfg = files.write('config.yaml', {
      sentinels: [{ url: `redis://reconf-agent:${SENTINEL_PASSWORD}@127.0.0.1:${sentinel.port}` }],
      masters: [MASTER],
      auth: files.agentAuth(DATA_PASSWORD),
      watch: { pollIntervalMs: 200, discoveryIntervalMs: 500 },
      policies: [
        { name: 'app-off-old-master', on: 'demoted', filter: 'TYPE normal USER app' },
        { name: 'app-subscribers-off-old-master', on: 'demoted', filter: 'TYPE pubsub USER app' },
      ],
      admin: { listen: '' },
    });
    agent = startAgent(['run', '-c', cfg]);
    await waitFor(async () => agent.stdout().includes('ready: every target polled'), 20_000, 'the agent to be ready');
  });
  afterAll(async () => {
    await agent?.stop('SIGKILL');
    await stopAll();
    files.cleanup();
  });

  it("the docs' data-node line is the one the demo uses, and the one the README gives", () => {
    expect(docsAclLine()).toBe(`ACL SETUSER reconf-agent reset on >PASSWORD ${AGENT_ACL_RULES.join(' ')}`);
    expect(readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')).toContain(`\n${docsAclLine()}\n`);
  });

  it('closes the old master\'s app clients on SENTINEL FAILOVER, with nothing denied anywhere', async () => {
    await connectApps(master, 'app', 3);
    await connectApps(master, 'app', 1, 'orders');
    expect(await (await sentinel.client()).call('SENTINEL', 'FAILOVER', MASTER)).toBe('OK');
    // Sentinel's own kill on the old master comes only with +convert-to-slave, about 10 s later.
    await waitFor(async () => (await connectedAs(master, 'app')) === 0, 8_000, "the old master's app clients to be closed");
    await waitFor(async () => auditLines().length >= 2, 5_000, 'two audit lines');
    expect(auditLines().map((a) => [a.trigger.name, a.killed, a.error])).toEqual([
      ['app-off-old-master', 3, undefined],
      ['app-subscribers-off-old-master', 1, undefined],
    ]);
    for (const s of [master, replica, sentinel]) expect(await aclDenials(s)).toEqual([]);
    expect(agent.stdout()).not.toMatch(/NOPERM|authentication failed/i);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await agent.stop('SIGTERM')).toBe(0);
  });
});
