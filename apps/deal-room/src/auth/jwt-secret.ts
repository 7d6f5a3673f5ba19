import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuthConfig, checkSecret, Env, MIN_JWT_SECRET_BYTES, parseAuthConfig } from './auth-config';

export const JWT_SECRET_FILE = 'jwt-secret';

/** Parses the AUTH_* variables, throwing one message that lists every bad value. */
export function authConfigOrThrow(env: Env): AuthConfig {
  const parsed = parseAuthConfig(env);
  if (!parsed.ok) throw new Error(`Invalid authentication configuration: ${parsed.errors.join('; ')}`);
  return parsed.config;
}

/**
 * AUTH_JWT_SECRET when set; otherwise the secret in `<dataDir>/jwt-secret`, generated on first start so
 * that tokens survive a restart. The file holds hex text used exactly as AUTH_JWT_SECRET would be, so
 * copying it into AUTH_JWT_SECRET elsewhere yields the same key. With AUTH_JWKS_URL there is no secret:
 * an error, and no file.
 */
export function loadOrCreateJwtSecret(dataDir: string, env: Env): Uint8Array {
  const { jwtSecret, jwksUrl } = authConfigOrThrow(env);
  if (jwksUrl !== undefined) {
    // A file made anyway would be a signing key lying around that a later start without the URL would trust.
    throw new Error(
      'AUTH_JWKS_URL is set: tokens come from the identity provider and are checked with its keys; ' +
        'there is no shared secret',
    );
  }
  if (jwtSecret !== undefined) return jwtSecret;
  const path = join(dataDir, JWT_SECRET_FILE);
  return readSecretFile(path) ?? createSecretFile(dataDir, path);
}

function readSecretFile(path: string): Uint8Array | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  const checked = checkSecret(path, text.trim());
  if ('error' in checked) throw new Error(`${checked.error}; delete it to have a new one generated`);
  return checked.key;
}

function createSecretFile(dataDir: string, path: string): Uint8Array {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const text = randomBytes(MIN_JWT_SECRET_BYTES).toString('hex');
  try {
    // 'wx' never overwrites: a secret in use must not be replaced behind running instances' backs.
    writeFileSync(path, `${text}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    const created = readSecretFile(path);
    if (created === undefined) throw error;
    return created;
  }
  return new TextEncoder().encode(text);
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}
