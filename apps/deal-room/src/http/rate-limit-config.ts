export type Env = Readonly<Record<string, string | undefined>>;

/** Requests per minute; 0 turns that limit off. */
export interface RateLimitConfig {
  readonly perToken: number;
  readonly perIp: number;
}

export type ParsedRateLimitConfig = { ok: true; config: RateLimitConfig } | { ok: false; errors: string[] };

/**
 * Limits that only a runaway script, a leaked token or a flood ever reaches. 6,000 a minute is 100 requests
 * a second, sustained, from one token: every write waits for an fsync'd append, so one client's scripts
 * (the demo plays a whole round in a few dozen requests, the end-to-end specs send a few hundred at most)
 * stay orders of magnitude below it. The per-IP limit is twice that, so two such tools behind one office NAT
 * still fit. A load test meant to saturate the server from one machine sets both to 0.
 */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = Object.freeze({ perToken: 6_000, perIp: 12_000 });

// The throttler keeps one timestamp per request in the window and scans them on each request, so an
// absurd limit would cost memory and time on every call; past this the limit is meaningless anyway.
export const MAX_RATE_LIMIT = 100_000;

/** Reads RATE_LIMIT_PER_TOKEN and RATE_LIMIT_PER_IP, one message per bad value, in the manner of parseAppConfig. */
export function parseRateLimitConfig(env: Env): ParsedRateLimitConfig {
  const errors: string[] = [];
  const perToken = parseLimit('RATE_LIMIT_PER_TOKEN', env.RATE_LIMIT_PER_TOKEN, DEFAULT_RATE_LIMITS.perToken, errors);
  const perIp = parseLimit('RATE_LIMIT_PER_IP', env.RATE_LIMIT_PER_IP, DEFAULT_RATE_LIMITS.perIp, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: Object.freeze({ perToken, perIp }) };
}

/** parseRateLimitConfig, throwing one message that lists every bad value. */
export function rateLimitConfigOrThrow(env: Env): RateLimitConfig {
  const parsed = parseRateLimitConfig(env);
  if (!parsed.ok) throw new Error(`Invalid rate limit configuration: ${parsed.errors.join('; ')}`);
  return parsed.config;
}

function parseLimit(name: string, raw: string | undefined, fallback: number, errors: string[]): number {
  if (raw === undefined) return fallback;
  if (raw === '') {
    errors.push(`${name} is set but empty; unset it to use the default (${fallback} requests per minute)`);
    return fallback;
  }
  const limit = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 0 && limit <= MAX_RATE_LIMIT)) {
    const range = `an integer from 0 to ${MAX_RATE_LIMIT} requests per minute (0 turns the limit off)`;
    errors.push(`${name} must be ${range}, got ${JSON.stringify(raw)}`);
    return fallback;
  }
  return limit;
}
