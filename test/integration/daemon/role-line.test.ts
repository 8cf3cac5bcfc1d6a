// The poll connection's ROLE, asked over its RoleLine (ioredis opened it and asked INFO server alone): the role of a
// master and of a replica, the server's own refusal as an error worded as the server sent it, and a connection
// that closes under a question fails it at once instead of leaving it to the deadline, and a question past its
// deadline fails with a TimeoutError, also one asked after a question with a longer deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askRole, openPollSession, type PollSession } from '../../../src/daemon/target/target-connection.js';
import { parseTarget } from '../../../src/target/target.js';
import { startReplica, startServer, stopAll, type ServerHandle } from '../../helpers/servers.js';

const watch = { pollIntervalMs: 1000, flapWindowMs: 60000, flapMaxChanges: 3, timeoutMs: 2000, dedupeWindowMs: 60000, discoveryIntervalMs: 10000 };

/** One question on the session's RoleLine, as a promise of its answer. */
const ask = (s: PollSession, timeoutMs: number): Promise<unknown> =>
  new Promise((resolve, reject) => s.role.ask(timeoutMs, (e, reply) => (e ? reject(e) : resolve(reply))));

describe('RoleLine', () => {
  let master: ServerHandle;
  let replica: ServerHandle;
  const open = (s: ServerHandle, auth: { username?: string; password?: string } = {}): Promise<PollSession> =>
    openPollSession({ name: s.addr, addr: s.addr, target: parseTarget(`redis://${s.addr}`) }, { auth, tls: {}, watch });

  beforeAll(async () => {
    master = await startServer();
    replica = await startReplica(master);
    await (await master.client()).call('ACL', 'SETUSER', 'norole', 'on', '>pw', '+@all', '-role');
    // A user allowed only what a poll connection needs: its name, PING (connect's check), INFO and ROLE.
    await (await master.client()).call('ACL', 'SETUSER', 'pollonly', 'on', '>pw', '+client|setname', '+ping', '+info', '+role');
  });
  afterAll(stopAll);

  it('asks the role again and again on one connection', async () => {
    const m = await open(master);
    const r = await open(replica);
    try {
      for (let i = 0; i < 3; i++) {
        expect(await askRole(m, { auth: {}, tls: {}, watch })).toEqual({ kind: 'master' });
        expect(await askRole(r, { auth: {}, tls: {}, watch })).toEqual({ kind: 'replica', of: master.addr });
      }
      expect(m.redis.stream.listenerCount('data')).toBe(1);
    } finally {
      m.close();
      r.close();
    }
  });

  it('opens with INFO server alone: a user denied CLIENT ID and COMMAND DOCS can poll, and the run_id is learned', async () => {
    const s = await open(master, { username: 'pollonly', password: 'pw' });
    try {
      const info = String(await (await master.client()).info('server'));
      expect(s.probe.runId).toBe(/run_id:(\w+)/.exec(info)![1]);
      expect(await askRole(s, { auth: {}, tls: {}, watch })).toEqual({ kind: 'master' });
      // Nothing it asked was denied: the server logs every command an ACL refuses.
      const denied = (await (await master.client()).call('ACL', 'LOG')) as unknown[][];
      expect(denied.map((entry) => entry.map(String).join(' ')).filter((e) => e.includes('pollonly'))).toEqual([]);
    } finally {
      s.close();
    }
  });

  it("rejects with the server's refusal, and the next question on the same connection is answered too", async () => {
    const s = await open(master, { username: 'norole', password: 'pw' });
    try {
      await expect(ask(s, 2000)).rejects.toThrow(/NOPERM.*role/i);
      await expect(ask(s, 2000)).rejects.toThrow(/NOPERM/);
    } finally {
      s.close();
    }
  });

  /** A poll connection to the master while the master holds every client's commands for 400 ms. */
  const whilePaused = async (body: (s: PollSession) => Promise<void>): Promise<void> => {
    const s = await open(master);
    try {
      await (await master.client()).call('CLIENT', 'PAUSE', '400', 'ALL');
      await body(s);
    } finally {
      s.close();
    }
  };
  const timedOut = (ms: number) => ({ code: 'TIMEOUT', message: `ROLE on ${master.addr}: no answer within ${ms} ms` });
  const answered = expect.arrayContaining(['master']);

  it('fails a question the server does not answer within its deadline, and reads the late reply as its own', () =>
    whilePaused(async (s) => {
      await expect(ask(s, 100)).rejects.toMatchObject(timedOut(100));
      // The late reply to the question that timed out is taken off in order: the next question gets its own.
      await expect(ask(s, 2000)).resolves.toEqual(answered);
    }));

  it('fails a later question with a shorter deadline on time, while the earlier one still gets its answer', () =>
    whilePaused(async (s) => {
      const first = ask(s, 2000);
      const second = ask(s, 100);
      await expect(second).rejects.toMatchObject(timedOut(100));
      await expect(first).resolves.toEqual(answered);
      await expect(ask(s, 2000)).resolves.toEqual(answered);
    }));

  it('fails a question waiting on a connection that closes', async () => {
    const s = await open(master);
    const asked = ask(s, 2000);
    s.redis.stream.destroy();
    await expect(asked).rejects.toThrow(/connection closed/);
    await expect(ask(s, 2000)).rejects.toThrow(/connection closed/);
  });
});
