export type Env = Readonly<Record<string, string | undefined>>;

export interface AuthConfig {
  /** Undefined means: use (or create) the secret file in DATA_DIR. */
  readonly jwtSecret: Uint8Array | undefined;
  readonly issuer: string | undefined;
  readonly audience: string | undefined;
}

export type ParsedAuthConfig = { ok: true; config: AuthConfig } | { ok: false; errors: string[] };

// HS256 keys shorter than the hash output weaken the MAC (RFC 7518, section 3.2).
export const MIN_JWT_SECRET_BYTES = 32;

/** Reads the AUTH_* variables, one message per bad value, in the manner of parseAppConfig. */
export function parseAuthConfig(env: Env): ParsedAuthConfig {
  const errors: string[] = [];
  const jwtSecret = parseSecret(env.AUTH_JWT_SECRET, errors);
  const issuer = parseOptionalText('AUTH_JWT_ISSUER', env.AUTH_JWT_ISSUER, errors);
  const audience = parseOptionalText('AUTH_JWT_AUDIENCE', env.AUTH_JWT_AUDIENCE, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: Object.freeze({ jwtSecret, issuer, audience }) };
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

function parseOptionalText(name: string, raw: string | undefined, errors: string[]): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === '') {
    errors.push(`${name} is set but empty; unset it to accept tokens without that claim check`);
    return undefined;
  }
  return raw;
}
