// The CLI's bundles: each command runs from the bundle bundleFor picks, and that bundle holds it.
import { describe, expect, it } from 'vitest';
import { BUNDLE_FOR, bundleFor } from '../../../src/cli/bundle-for.js';
import { commandName } from '../../../src/cli/command-name.js';
import { COMMANDS } from '../../../src/cli/commands/index.js';
import * as all from '../../../src/cli/bundles/all.js';
import * as hook from '../../../src/cli/bundles/hook.js';
import * as kill from '../../../src/cli/bundles/kill.js';

const BUNDLES: Record<string, { COMMANDS: object }> = { all, hook, kill };

describe('bundleFor', () => {
  it('maps each bundle to exactly the commands its entry holds', () => {
    for (const [name, bundle] of Object.entries(BUNDLES)) {
      if (name === 'all') continue;
      const mapped = Object.entries(BUNDLE_FOR).filter(([, b]) => b === name).map(([cmd]) => cmd);
      expect(Object.keys(bundle.COMMANDS).sort(), name).toEqual(mapped.sort());
    }
    expect(all.COMMANDS).toBe(COMMANDS);
  });

  it('sends every command to a bundle that holds it, and help, unknown words and no command to all', () => {
    for (const cmd of Object.keys(COMMANDS)) {
      for (const args of [[cmd], ['--log-format', 'json', cmd, 'x'], [cmd, '--help']]) {
        expect(Object.keys(BUNDLES[bundleFor(commandName(args))]!.COMMANDS), args.join(' ')).toContain(cmd);
      }
    }
    for (const args of [[], ['--help'], ['-h', 'kill'], ['help', 'kill'], ['nosuch'], ['constructor'], ['--log-format', 'text']]) {
      expect(bundleFor(commandName(args)), args.join(' ')).toBe('all');
    }
  });
});

describe('commandName', () => {
  it('reads the first word after the global options', () => {
    expect(commandName(['--log-format', 'json', 'kill', 'h:1'])).toBe('kill');
    expect(commandName(['kill', '--version'])).toBe('kill');
    expect(commandName(['--version'])).toBe('--version');
    expect(commandName(['--version', '--help'])).toBeUndefined();
    expect(commandName([])).toBeUndefined();
  });
});
