import { Redis } from 'ioredis';
import { AGENT_CONNECTION_NAME } from '../../runner/session.js';
import type { AgentConfig, SentinelConfig } from '../../config/types.js';
import { redisOptions } from '../../target/connect.js';
import type { Logger } from '../../log/logger.js';
import { parseSentinelMessage, SENTINEL_CHANNELS, type SentinelEvent } from './sentinel-events.js';

export interface SubscriberHandlers {
  event(e: SentinelEvent, sentinel: string): void;
  /** Subscribed (again, after a reconnect): events may have been missed, so re-read the topology. */
  subscribed(sentinel: string): void;
  down(sentinel: string): void;
}

/**
 * One subscriber connection per Sentinel (its own ioredis client, in subscriber mode), reconnecting
 * with backoff and subscribing again on every connect. Returns its closer.
 */
export const subscribeSentinel = (s: SentinelConfig, cfg: Pick<AgentConfig, 'tls' | 'watch'>, h: SubscriberHandlers, log: Logger): { close(): void } => {
  // Only connect and SUBSCRIBE are timed; messages are awaited indefinitely.
  const redis = new Redis(redisOptions(s.target, { timeoutMs: cfg.watch.timeoutMs, connectionName: AGENT_CONNECTION_NAME, tls: cfg.tls, reconnect: true }));
  let closed = false;
  let subscribed = false;
  redis.on('error', (e: Error) => log.debug({ err: e.message }, 'sentinel connection error'));
  redis.on('ready', () => {
    redis.subscribe(...SENTINEL_CHANNELS).then(
      () => {
        subscribed = true;
        log.info({ channels: SENTINEL_CHANNELS }, 'subscribed to sentinel events');
        h.subscribed(s.name);
      },
      (e: Error) => {
        log.warn({ err: e.message }, 'subscribe failed; reconnecting');
        redis.disconnect(true);
      },
    );
  });
  redis.on('close', () => {
    if (!closed && subscribed) {
      subscribed = false;
      log.warn('sentinel connection lost; reconnecting');
      h.down(s.name);
    }
  });
  redis.on('message', (channel: string, message: string) => {
    const e = parseSentinelMessage(channel, message);
    if (e) h.event(e, s.name);
    else log.debug({ channel, message }, 'sentinel message not understood');
  });
  redis.connect().catch((e: Error) => log.warn({ err: e.message }, 'sentinel not reachable yet; retrying'));
  return {
    close: () => {
      closed = true;
      redis.disconnect();
    },
  };
};
