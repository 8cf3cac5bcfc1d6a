import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { onceOption } from './once-option.js';
import { checkDuration, type Checked } from '../input/bounds.js';
import { readPasswordFile } from '../input/read-file.js';
import type { ConnectOptions } from '../target/connect.js';
import { targetLabel, type Target } from '../target/target.js';

export interface ConnectionFlags {
  user?: string;
  passwordFile?: string;
  tlsCa?: string;
  timeout: string;
}

/** The connection flags shared by every command that talks to one server. No password flag: passwords sit in files, URLs or the environment. */
export const addConnectionFlags = (cmd: Command): Command =>
  cmd
    .addOption(onceOption('--user <name>', 'ACL user to log in as'))
    .addOption(onceOption('--password-file <file>', 'file holding the password (else the URL, else $REDISCLI_AUTH)'))
    .addOption(onceOption('--tls-ca <file>', 'CA bundle for rediss:// targets'))
    .addOption(new Option('--timeout <ms>', 'connect and command timeout in milliseconds').default('5000'));

/** A flag's number checked against its bounds (input/bounds.ts); else UsageError (exit 64) naming the flag. */
export const flagNumber = (name: string, c: Checked): number => {
  if (c.problem !== undefined) throw new UsageError(`${name} ${c.problem}`);
  return c.value;
};

/**
 * Turn parsed flags and the environment into connection options. The password comes from
 * --password-file, else the target URL, else $REDISCLI_AUTH: pass the target so a password in
 * its URL is not overridden by the environment.
 */
export const connectionOptions = (flags: ConnectionFlags, env: NodeJS.ProcessEnv, target?: Target): ConnectOptions => {
  const fromEnv = target?.password === undefined ? env.REDISCLI_AUTH || undefined : undefined;
  if (flags.tlsCa && target && !(target.kind === 'tcp' && target.tls)) {
    throw new UsageError(`--tls-ca is for rediss:// targets, and ${targetLabel(target)} is not one; write rediss://${targetLabel(target)} to connect with TLS, or drop --tls-ca`);
  }
  const password = flags.passwordFile ? readPasswordFile(flags.passwordFile) : fromEnv;
  return {
    timeoutMs: flagNumber('--timeout', checkDuration(flags.timeout)),
    connectionName: 'reconf-agent-cli',
    ...(flags.user && { username: flags.user }),
    ...(password !== undefined && { password }),
    ...(flags.tlsCa && { tls: { ca: flags.tlsCa } }),
  };
};
