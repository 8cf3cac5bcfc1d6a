// `clusters` config problems, reported like every other: empty seeds and bad URLs make check-config and run exit
// 78 with the key path and nothing connects; a seed that answers but is not in cluster mode (a plain server)
// is refused at run time with a logged error, the daemon keeps running, watches nothing from it, and stops cleanly.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { killDaemons, spawnDaemon, tempConfigDir } from '../../helpers/daemon.js';
import { startServer, stopAll } from '../../helpers/servers.js';

describe('clusters config errors', () => {
  const dir = tempConfigDir();
  let written = 0;
  afterAll(async () => {
    await killDaemons();
    await stopAll();
    dir.cleanup();
  });

  it.each([
    ['empty seeds', { clusters: [{ name: 'shop', seeds: [] }] }, 'clusters[0].seeds: required, a non-empty list of seed nodes'],
    ['a bad URL', { clusters: [{ seeds: ['redis://127.0.0.1:notaport'] }] }, "clusters[0].seeds[0]: target 'redis://127.0.0.1:notaport' is not a valid URL"],
    ['a unix socket', { clusters: [{ seeds: ['unix:/tmp/x.sock'] }] }, 'clusters[0].seeds[0]: \'unix:/tmp/x.sock\' is a unix socket'],
  ])('%s: check-config and run exit 78 naming the key', async (_, doc, problem) => {
    const path = dir.write(`bad-${++written}.yaml`, { ...doc, admin: { listen: '' } });
    const results = await Promise.all(['check-config', 'run'].map(async (cmd) => ({ cmd, r: await runCli([cmd, '-c', path]) })));
    for (const { cmd, r } of results) {
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(78);
      expect(r.stderr).toContain(problem);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a seed that is not in cluster mode is refused at run time, logged, and nothing is watched from it', async () => {
    const plain = await startServer();
    const path = dir.write('plain.yaml', { clusters: [{ name: 'shop', seeds: [`redis://${plain.addr}`], refreshIntervalMs: 200 }], admin: { listen: '' } });
    const agent = spawnDaemon(path);
    const refused = await agent.waitForLog((l) => String(l.msg).startsWith('refused:'), 'the refusal');
    expect(refused).toMatchObject({ level: 50, component: 'cluster', cluster: 'shop' });
    expect(String(refused.err)).toContain(`seed ${plain.addr} is not in cluster mode`);
    await new Promise((done) => setTimeout(done, 600)); // three more refreshes: the same refusal is not logged again
    expect(agent.lines.filter((l) => String(l.msg).startsWith('refused:'))).toHaveLength(1);
    expect(agent.lines.some((l) => l.msg === 'watching target')).toBe(false);
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });
});
