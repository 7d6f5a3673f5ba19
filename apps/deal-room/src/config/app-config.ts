import type { RateLimitConfig } from '../http/rate-limit-config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  readonly port: number;
  readonly dataDir: string;
  /** Undefined means: start the embedded event store on `dataDir`. */
  readonly eventStoreConnectionString: string | undefined;
  /** The embedded store's largest append in bytes (EVENTSTORE_MAX_APPEND_SIZE); unused with an external store. */
  readonly eventStoreMaxAppendSize: number;
  readonly logLevel: LogLevel;
  /** Requests per minute per token and per IP; 0 turns a limit off. */
  readonly rateLimit: RateLimitConfig;
  /** The server's `trustProxy` (Express's `trust proxy` meaning): which hops' X-Forwarded-For to believe for the client IP; false trusts none. */
  readonly trustProxy: TrustProxy;
  /** The bound on folded round states kept in memory between requests (STATE_CACHE_MB); 0 keeps none. */
  readonly stateCacheBytes: number;
  /** Readiness: how far behind the store's head (in positions) a projection may be (HEALTH_MAX_PROJECTION_LAG). */
  readonly health: { readonly maxProjectionLag: number };
}

export type TrustProxy = false | number | readonly string[];

export const APP_CONFIG = Symbol('APP_CONFIG');
