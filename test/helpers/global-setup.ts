// Runs once before all suites: makes sure a real redis-server exists (or fails with how to get one).
import { findServerBin, serverVersion } from './server-bin.js';

export default function setup(): void {
  const bin = findServerBin();
  const version = serverVersion(bin);
  process.env.REDIS_SERVER_BIN_RESOLVED = bin;
  process.env.REDIS_SERVER_VERSION = version;
  process.stderr.write(`integration tests run against ${version} (${bin})\n`);
}
