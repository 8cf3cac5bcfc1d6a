import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * Loads the bundled CLI (one CommonJS file, see scripts/bundle.mjs) through V8's code cache: the
 * bytecode of the functions a one-shot run compiles (ioredis, commander, pino, yaml, convict and
 * the kill path), saved at build time by scripts/warm-code-cache.mjs. `reconf-agent kill` and
 * `hook` then skip most of their compiling at every start (issue 9; bench/cli-startup.mjs).
 * V8 checks the cache against the source, its own version and its flags, and ignores a cache
 * that does not match (another Node.js, NODE_OPTIONS): the program then compiles as usual.
 *
 * A bundle's text is already the function Node.js wraps a CommonJS module in, and it is ASCII
 * (scripts/bundle.mjs), so it is read as latin1: the same text, made from the bytes without the
 * UTF-8 decoding and the copy into a wrapper that cost about 20 ms of each start here.
 */
export interface LoadedBundle<T> {
  readonly script: Script;
  readonly exports: T;
}

type ModuleFunction<T> = (e: T, r: NodeJS.Require, m: { exports: T }, f: string, d: string) => void;

/** The cache file's bytes, or undefined when there is none (a build without one). */
export const readCodeCache = (file: string): Buffer | undefined => {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
};

/** Compile `file` (using `cachedData` when V8 accepts it) and run it as a CommonJS module. */
export const loadBundle = <T>(file: string, cachedData?: Buffer): LoadedBundle<T> => {
  const script = new Script(readFileSync(file).toString('latin1'), { filename: file, cachedData });
  const module = { exports: {} as T };
  const init = script.runInThisContext() as ModuleFunction<T>;
  init(module.exports, createRequire(file), module, file, dirname(file));
  return { script, exports: module.exports };
};
