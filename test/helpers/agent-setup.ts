// Shared setup for the ship tests: the docs' ACL line applied to a test server, app users, and agent config files in a temp dir.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startReplica, startServer, type ServerHandle } from './servers.js';

const INSTALL_DOC = new URL('../../docs/install.md', import.meta.url);

/** The text of docs/install.md. */
export const installDoc = (): string => readFileSync(INSTALL_DOC, 'utf8');

/** The `ACL SETUSER reconf-agent ...` line docs/install.md gives for data nodes or Sentinels, PASSWORD as written there. */
export const docsAclLine = (which: 'data-node' | 'sentinel' = 'data-node'): string => {
  const doc = installDoc();
  const marker = `<!-- acl:${which}`;
  const line = doc.slice(doc.indexOf(marker)).split('\n').find((l) => l.startsWith('ACL SETUSER reconf-agent '));
  if (doc.indexOf(marker) < 0 || !line) throw new Error(`docs/install.md has no ACL SETUSER line after ${marker}`);
  return line.trim();
};

/** Create the agent's ACL user on `server` with the docs' line, `password` standing in for PASSWORD. */
export const applyDocsAcl = async (server: ServerHandle, password: string, which: 'data-node' | 'sentinel' = 'data-node'): Promise<void> => {
  const args = docsAclLine(which).replace('>PASSWORD', `>${password}`).split(/\s+/).slice(1);
  await (await server.client()).call('ACL', ...args);
};

/** Entries in the server's ACL LOG: commands, keys or channels it denied. */
export const aclDenials = async (server: ServerHandle): Promise<unknown[]> => (await (await server.client()).call('ACL', 'LOG')) as unknown[];

/** An application user that may do anything, as apps usually are. */
export const addAppUser = async (server: ServerHandle, name: string): Promise<void> => {
  await (await server.client()).call('ACL', 'SETUSER', name, 'on', `>${name}-pw`, '~*', '&*', '+@all');
};

/** A primary and its replica, each with the docs' agent user and these app users. */
export const startPrimaryReplica = async (password: string, appUsers: readonly string[]): Promise<{ master: ServerHandle; replica: ServerHandle }> => {
  const master = await startServer();
  const replica = await startReplica(master);
  for (const s of [master, replica]) {
    await applyDocsAcl(s, password);
    for (const u of appUsers) await addAppUser(s, u);
  }
  return { master, replica };
};

export interface ConfigDir {
  readonly dir: string;
  write(name: string, content: unknown): string;
  /** The config's `auth` for the docs' agent user, its password in a file here. */
  agentAuth(password: string): { username: string; passwordFile: string };
  cleanup(): void;
}

/** A temp dir for config and password files; `cleanup` removes it. */
export const configDir = (): ConfigDir => {
  const dir = mkdtempSync(join(tmpdir(), 'reconf-ship-'));
  const write = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : stringify(content), { mode: 0o600 });
    return path;
  };
  return {
    dir,
    write,
    agentAuth: (password) => ({ username: 'reconf-agent', passwordFile: write('agent-password', `${password}\n`) }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
};
