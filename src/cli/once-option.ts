import { InvalidArgumentError, Option } from 'commander';

/**
 * An option without a default that may be given once: a second value is a usage error (exit 64)
 * rather than silently replacing the first (`reconfigure --event demoted --event promoted`).
 */
export const onceOption = (flags: string, description: string): Option =>
  new Option(flags, description).argParser((value: string, previous: unknown) => {
    if (previous !== undefined) throw new InvalidArgumentError('given more than once; give it once');
    return value;
  });
