import type { ClientId } from './client-id.js';

/**
 * The typed form of a CLIENT KILL filter: one shared language for the CLI,
 * config files, policies, reapers and hooks. Clauses are ANDed.
 */

/** Client types as CLIENT KILL names them; `primary` and `slave` are aliases. */
export const TYPE_NAMES = ['normal', 'master', 'primary', 'slave', 'replica', 'pubsub'] as const;
export type TypeName = (typeof TYPE_NAMES)[number];

/** The four kinds of connection a server tells apart (aliases folded). */
export const CLIENT_TYPES = ['normal', 'master', 'replica', 'pubsub'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

export const canonicalType = (t: TypeName): ClientType =>
  t === 'primary' ? 'master' : t === 'slave' ? 'replica' : t;

/** Clause kinds that take a string and compare it exactly (or as a prefix, for IP). */
export const STRING_KINDS = ['user', 'addr', 'laddr', 'name', 'lib-name', 'lib-ver', 'ip', 'capa'] as const;
export type StringKind = (typeof STRING_KINDS)[number];

/** Clause kinds that take a number of seconds (> 0) and have no NOT- form. */
export const SECONDS_KINDS = ['maxage', 'idle'] as const;
export type SecondsKind = (typeof SECONDS_KINDS)[number];

export type Clause =
  | { readonly kind: 'id'; readonly ids: readonly ClientId[]; readonly negate: boolean }
  | { readonly kind: 'type'; readonly value: ClientType; readonly negate: boolean }
  | { readonly kind: StringKind; readonly value: string; readonly negate: boolean }
  | { readonly kind: SecondsKind; readonly seconds: number }
  | { readonly kind: 'flags'; readonly letters: string; readonly negate: boolean }
  | { readonly kind: 'db'; readonly value: number; readonly negate: boolean };

export type ClauseKind = Clause['kind'];

export interface Filter {
  readonly clauses: readonly Clause[];
  /** SKIPME as written; undefined means the default (yes). */
  readonly skipme?: boolean;
  /** Written in the old one-argument form `ip:port` (compiled as ADDR, which skips the caller). */
  readonly legacyAddr?: boolean;
}

/**
 * Flag letters CLIENT LIST can show: Redis/Valkey (`N` = none) plus Dragonfly's `a`.
 */
export const FLAG_LETTERS = 'OSMPxbtRBdcuAUreTINa';

/** Capability letters Valkey's CAPA filter accepts (`r`: the client handles redirects). */
export const CAPA_LETTERS = 'r';

/** The token a clause kind is written with. */
export const tokenOf = (kind: ClauseKind, negate: boolean): string =>
  (negate ? 'NOT-' : '') + kind.toUpperCase();
