import { EventStoreDBClient } from '@eventstore/db-client';
import { AppConfig, LOG_LEVELS, LogLevel } from './app-config';
import { parseAuthConfig } from '../auth/auth-config';
import { parseRateLimitConfig } from '../http/rate-limit-config';
import { chooseDataDir } from '../data-dir/data-dir';
import { maskConnectionString } from './mask-connection-string';
import { parseTrustProxy } from './trust-proxy';
import { DEFAULT_MAX_APPEND_SIZE } from '@deal-room/embedded-eventstore';

export type Env = Readonly<Record<string, string | undefined>>;

export type ParsedAppConfig = { ok: true; config: AppConfig } | { ok: false; errors: string[] };

const DEFAULT_PORT = 3000;
const DEFAULT_STATE_CACHE_MB = 128;
/** Positions: events on the embedded store, bytes on EventStoreDB. */
export const DEFAULT_MAX_PROJECTION_LAG = 10_000;

export const APP_USAGE = `Usage: node dist/apps/deal-room/src/main.js [--data-dir DIR]

Starts Deal Room. Settings come from environment variables (see the README); --data-dir overrides DATA_DIR.
`;

/**
 * Reads every setting, collecting one message per bad value rather than stopping at the first. `args` are
 * the command line's: only `--data-dir DIR` (or `--data-dir=DIR`), which wins over DATA_DIR.
 */
export function parseAppConfig(env: Env, args: readonly string[] = []): ParsedAppConfig {
  const errors: string[] = [];
  const port = parsePort(env.PORT, errors);
  const dataDir = parseDataDir(args, env, errors);
  const eventStoreConnectionString = parseConnectionString(env.EVENTSTORE_CONNECTION_STRING, errors);
  const eventStoreMaxAppendSize = parseMaxAppendSize(env.EVENTSTORE_MAX_APPEND_SIZE, errors);
  const logLevel = parseLogLevel(env.LOG_LEVEL, env.NODE_ENV, errors);
  const trustProxy = parseTrustProxy(env.TRUST_PROXY, errors);
  const stateCacheBytes = parseStateCacheMegabytes(env.STATE_CACHE_MB, errors) * 1024 * 1024;
  const maxProjectionLag = parseMaxProjectionLag(env.HEALTH_MAX_PROJECTION_LAG, errors);
  const rateLimit = parseRateLimitConfig(env);
  if (!rateLimit.ok) errors.push(...rateLimit.errors);
  // AuthModule reads the AUTH_* settings itself; checking them here too puts their messages in the one list.
  const auth = parseAuthConfig(env);
  if (!auth.ok) errors.push(...auth.errors);
  if (errors.length > 0 || !rateLimit.ok) return { ok: false, errors };
  return { ok: true, config: Object.freeze({ port, dataDir, eventStoreConnectionString, eventStoreMaxAppendSize, logLevel, rateLimit: rateLimit.config, trustProxy, stateCacheBytes, health: { maxProjectionLag } }) };
}

// A variable set to '' is a mistake (often an unfilled template), not a request for the default.
function emptyError(name: string): string {
  return `${name} is set but empty; unset it to use the default`;
}

function parsePort(raw: string | undefined, errors: string[]): number {
  if (raw === undefined) return DEFAULT_PORT;
  if (raw === '') return fail(errors, emptyError('PORT'), DEFAULT_PORT);
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    return fail(errors, `PORT must be an integer from 0 to 65535 (0 picks a free port), got ${JSON.stringify(raw)}`, DEFAULT_PORT);
  }
  return port;
}

function parseDataDir(args: readonly string[], env: Env, errors: string[]): string {
  let flag: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--data-dir') {
      flag = args[index + 1] ?? '';
      index++;
    } else if (arg.startsWith('--data-dir=')) {
      flag = arg.slice('--data-dir='.length);
    } else {
      errors.push(`unknown argument ${JSON.stringify(arg)}: the only one is --data-dir DIR; every other setting is an environment variable`);
    }
  }
  const choice = chooseDataDir(flag, env);
  return 'error' in choice ? fail(errors, choice.error, '') : choice.dataDir;
}

function parseMaxProjectionLag(raw: string | undefined, errors: string[]): number {
  if (raw === undefined) return DEFAULT_MAX_PROJECTION_LAG;
  if (raw === '') return fail(errors, emptyError('HEALTH_MAX_PROJECTION_LAG'), DEFAULT_MAX_PROJECTION_LAG);
  if (!/^\d{1,15}$/.test(raw)) {
    return fail(errors, `HEALTH_MAX_PROJECTION_LAG must be a whole number of positions from 0, got ${JSON.stringify(raw)}`, DEFAULT_MAX_PROJECTION_LAG);
  }
  return Number(raw);
}

function parseConnectionString(raw: string | undefined, errors: string[]): string | undefined {
  if (raw === undefined) return undefined;
  if (raw === '') return fail(errors, emptyError('EVENTSTORE_CONNECTION_STRING'), undefined);
  const shown = JSON.stringify(maskConnectionString(raw));
  if (!/^esdb(\+discover)?:\/\//.test(raw)) {
    return fail(errors, `EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover://, got ${shown}`, undefined);
  }
  try {
    // The client's own parser is the authority on what it accepts; the channel opens lazily, so this is offline.
    void EventStoreDBClient.connectionString(raw).dispose();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail(errors, `EVENTSTORE_CONNECTION_STRING is not a valid connection string (${reason}), got ${shown}`, undefined);
  }
  return raw;
}

/** EventStoreDB's own setting and default (1 MiB); a real server takes it from its own configuration. */
function parseMaxAppendSize(raw: string | undefined, errors: string[]): number {
  if (raw === undefined) return DEFAULT_MAX_APPEND_SIZE;
  if (raw === '') return fail(errors, emptyError('EVENTSTORE_MAX_APPEND_SIZE'), DEFAULT_MAX_APPEND_SIZE);
  if (!/^[1-9]\d{0,9}$/.test(raw)) {
    return fail(errors, `EVENTSTORE_MAX_APPEND_SIZE must be a whole number of bytes from 1, got ${JSON.stringify(raw)}`, DEFAULT_MAX_APPEND_SIZE);
  }
  return Number(raw);
}

function parseLogLevel(raw: string | undefined, nodeEnv: string | undefined, errors: string[]): LogLevel {
  const fallback: LogLevel = nodeEnv === 'test' ? 'silent' : 'info';
  if (raw === undefined) return fallback;
  const level = LOG_LEVELS.find((candidate) => candidate === raw);
  if (level === undefined) {
    return fail(errors, `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(raw)}`, fallback);
  }
  return level;
}

function fail<T>(errors: string[], message: string, placeholder: T): T {
  errors.push(message);
  return placeholder;
}

function parseStateCacheMegabytes(raw: string | undefined, errors: string[]): number {
  if (raw === undefined) return DEFAULT_STATE_CACHE_MB;
  if (raw === '') return fail(errors, emptyError('STATE_CACHE_MB'), DEFAULT_STATE_CACHE_MB);
  if (!/^\d{1,6}$/.test(raw)) return fail(errors, `STATE_CACHE_MB must be a whole number of megabytes from 0, got "${raw}"`, DEFAULT_STATE_CACHE_MB);
  return Number(raw);
}
