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
}

export type ParsedAuthConfig = { ok: true; config: AuthConfig } | { ok: false; errors: string[] };

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
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: Object.freeze({ jwtSecret, jwksUrl, algorithms, issuer, audience }) };
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
