export type Env = Readonly<Record<string, string | undefined>>;

export interface AuthConfig {
  /** Undefined (and no jwksUrl) means: use (or create) the secret file in DATA_DIR. */
  readonly jwtSecret: Uint8Array | undefined;
  /** An identity provider's key set; when set there is no shared secret at all. */
  readonly jwksUrl: URL | undefined;
  /** The only `alg` values a token may carry; whatever its own header says. */
  readonly algorithms: readonly string[];
  readonly issuer: string | undefined;
  readonly audience: string | undefined;
  /** Seconds: the oldest `iat` accepted and the longest `exp - iat` (AUTH_JWT_MAX_AGE). */
  readonly maxAge: number;
  /** Seconds of clock difference forgiven on `exp`, `nbf` and `iat` (AUTH_JWT_CLOCK_TOLERANCE). */
  readonly clockTolerance: number;
  /** Verified tokens kept to skip checking their signatures again (AUTH_TOKEN_CACHE_SIZE); 0 keeps none. */
  readonly tokenCacheEntries: number;
}

export type ParsedAuthConfig = { ok: true; config: AuthConfig } | { ok: false; errors: string[] };

export const DEFAULT_MAX_AGE_SECONDS = 24 * 60 * 60;
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
export const DEFAULT_TOKEN_CACHE_ENTRIES = 10_000;
const MAX_MAX_AGE_SECONDS = 366 * 24 * 60 * 60;
const MAX_CLOCK_TOLERANCE_SECONDS = 10 * 60;
const MAX_TOKEN_CACHE_ENTRIES = 1_000_000;
const UNIT_SECONDS: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

// HS256 keys shorter than the hash output weaken the MAC (RFC 7518, section 3.2).
export const MIN_JWT_SECRET_BYTES = 32;

export const SHARED_SECRET_ALGORITHM = 'HS256';
// Signature algorithms only. An HMAC algorithm next to a key set would let anyone who fetched the public
// keys sign tokens with them (algorithm confusion), so with AUTH_JWKS_URL none is accepted.
export const KEY_SET_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
export const DEFAULT_KEY_SET_ALGORITHMS = ['RS256', 'ES256'];

// A key set fetched over plain HTTP could be swapped in transit for the attacker's; loopback is for tests.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Reads the AUTH_* variables, one message per bad value, in the manner of parseAppConfig. */
export function parseAuthConfig(env: Env): ParsedAuthConfig {
  const errors: string[] = [];
  const jwtSecret = parseSecret(env.AUTH_JWT_SECRET, errors);
  const jwksUrl = parseJwksUrl(env.AUTH_JWKS_URL, errors);
  if (env.AUTH_JWT_SECRET !== undefined && env.AUTH_JWKS_URL !== undefined) {
    errors.push(
      'AUTH_JWT_SECRET and AUTH_JWKS_URL are both set; set AUTH_JWT_SECRET for tokens signed with a shared secret, ' +
        "or AUTH_JWKS_URL for an identity provider's tokens, not both",
    );
  }
  const algorithms = parseAlgorithms(env.AUTH_JWT_ALGORITHMS, env.AUTH_JWKS_URL !== undefined, errors);
  const issuer = parseOptionalText('AUTH_JWT_ISSUER', env.AUTH_JWT_ISSUER, errors);
  const audience = parseOptionalText('AUTH_JWT_AUDIENCE', env.AUTH_JWT_AUDIENCE, errors);
  const maxAge = parseSpan('AUTH_JWT_MAX_AGE', env.AUTH_JWT_MAX_AGE, DEFAULT_MAX_AGE_SECONDS, 1, MAX_MAX_AGE_SECONDS, errors);
  const clockTolerance = parseSpan(
    'AUTH_JWT_CLOCK_TOLERANCE', env.AUTH_JWT_CLOCK_TOLERANCE, DEFAULT_CLOCK_TOLERANCE_SECONDS, 0, MAX_CLOCK_TOLERANCE_SECONDS, errors,
  );
  const tokenCacheEntries = parseCacheSize(env.AUTH_TOKEN_CACHE_SIZE, errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: Object.freeze({ jwtSecret, jwksUrl, algorithms, issuer, audience, maxAge, clockTolerance, tokenCacheEntries }),
  };
}

/** The same rule for AUTH_JWT_SECRET and for the secret file; the text's UTF-8 bytes are the key. */
export function checkSecret(source: string, text: string): { key: Uint8Array } | { error: string } {
  const key = new TextEncoder().encode(text);
  if (key.length < MIN_JWT_SECRET_BYTES) {
    // The length only: a secret, even a bad one, is never echoed.
    return { error: `${source} must be at least ${MIN_JWT_SECRET_BYTES} bytes, got ${key.length}` };
  }
  return { key };
}

function parseSecret(raw: string | undefined, errors: string[]): Uint8Array | undefined {
  if (raw === undefined) return undefined;
  if (raw === '') {
    errors.push('AUTH_JWT_SECRET is set but empty; unset it to use the secret file in DATA_DIR');
    return undefined;
  }
  const checked = checkSecret('AUTH_JWT_SECRET', raw);
  if ('error' in checked) {
    errors.push(checked.error);
    return undefined;
  }
  return checked.key;
}

function parseJwksUrl(raw: string | undefined, errors: string[]): URL | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === '') {
    errors.push('AUTH_JWKS_URL is set but empty; unset it to use a shared secret');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    errors.push(`AUTH_JWKS_URL must be an absolute https:// URL, got ${JSON.stringify(raw)}`);
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    // Not echoed: the value holds a password.
    errors.push('AUTH_JWKS_URL must not carry a user name or password');
    return undefined;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!secure) {
    errors.push(`AUTH_JWKS_URL must be an https:// URL (http:// only for localhost), got ${JSON.stringify(raw)}`);
    return undefined;
  }
  return url;
}

function parseAlgorithms(raw: string | undefined, withKeySet: boolean, errors: string[]): readonly string[] {
  const fallback = withKeySet ? DEFAULT_KEY_SET_ALGORITHMS : [SHARED_SECRET_ALGORITHM];
  if (raw === undefined) return Object.freeze([...fallback]);
  if (raw.trim() === '') {
    errors.push(`AUTH_JWT_ALGORITHMS is set but empty; unset it to accept ${fallback.join(',')}`);
    return fallback;
  }
  const listed = [...new Set(raw.split(',').map((item) => item.trim()))];
  const allowed = withKeySet ? KEY_SET_ALGORITHMS : [SHARED_SECRET_ALGORITHM];
  const refused = listed.filter((algorithm) => !allowed.includes(algorithm));
  if (refused.length > 0) {
    const shown = refused.map((algorithm) => JSON.stringify(algorithm)).join(', ');
    errors.push(
      withKeySet
        ? `AUTH_JWT_ALGORITHMS may only list ${KEY_SET_ALGORITHMS.join(', ')} with AUTH_JWKS_URL, got ${shown}`
        : `AUTH_JWT_ALGORITHMS can only be ${SHARED_SECRET_ALGORITHM} with a shared secret ` +
            `(AUTH_JWKS_URL is unset), got ${shown}`,
    );
    return fallback;
  }
  return Object.freeze(listed);
}

function parseOptionalText(name: string, raw: string | undefined, errors: string[]): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === '') {
    errors.push(`${name} is set but empty; unset it to accept tokens without that claim check`);
    return undefined;
  }
  return raw;
}

/** A span of seconds: `90`, `90s`, `30m`, `24h` or `7d`, from `min` to `max` seconds. */
function parseSpan(name: string, raw: string | undefined, fallback: number, min: number, max: number, errors: string[]): number {
  if (raw === undefined) return fallback;
  const match = /^(\d{1,9})([smhd]?)$/.exec(raw);
  const seconds = match === null ? NaN : Number(match[1]) * UNIT_SECONDS[match[2]];
  if (!(seconds >= min && seconds <= max)) {
    errors.push(
      `${name} must be a number of seconds, or a number followed by s, m, h or d, from ${min} to ${max} seconds ` +
        `(unset: ${fallback}), got ${JSON.stringify(raw)}`,
    );
    return fallback;
  }
  return seconds;
}

function parseCacheSize(raw: string | undefined, errors: string[]): number {
  if (raw === undefined) return DEFAULT_TOKEN_CACHE_ENTRIES;
  const entries = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!(entries >= 0 && entries <= MAX_TOKEN_CACHE_ENTRIES)) {
    errors.push(
      `AUTH_TOKEN_CACHE_SIZE must be a number of tokens from 0 (keep none) to ${MAX_TOKEN_CACHE_ENTRIES} ` +
        `(unset: ${DEFAULT_TOKEN_CACHE_ENTRIES}), got ${JSON.stringify(raw)}`,
    );
    return DEFAULT_TOKEN_CACHE_ENTRIES;
  }
  return entries;
}
