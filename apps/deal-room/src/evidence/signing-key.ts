import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The deployment's Ed25519 key, PKCS#8 PEM, generated into the data directory on first start. */
export const SIGNING_KEY_FILE = 'signing-key.pem';

/** An Ed25519 public key as a JWK (RFC 8037), with its RFC 7638 thumbprint as `kid`. */
export interface PublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly kid: string;
  readonly alg: 'EdDSA';
  readonly use: 'sig';
}

export interface VerifyingKey {
  readonly kid: string;
  readonly publicKey: KeyObject;
}

export interface SigningKey extends VerifyingKey {
  readonly privateKey: KeyObject;
  readonly jwk: PublicJwk;
}

/**
 * SIGNING_KEY_FILE (a PKCS#8 PEM Ed25519 key kept outside the data directory, which is the better place)
 * when set; otherwise `<dataDir>/signing-key.pem`, created once with mode 0600 and reused, like the JWT
 * secret. A key that is not Ed25519 stops the start.
 */
export function loadOrCreateSigningKey(dataDir: string, env: Readonly<Record<string, string | undefined>> = {}): SigningKey {
  const configured = env.SIGNING_KEY_FILE;
  if (configured !== undefined) return signingKeyOf(readFileSync(configured, 'utf8'), configured);
  const path = join(dataDir, SIGNING_KEY_FILE);
  const existing = readIfPresent(path);
  if (existing !== undefined) return signingKeyOf(existing, path);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // 'wx' never overwrites: receipts already given were signed with the key in place.
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return signingKeyOf(readFileSync(path, 'utf8'), path);
  }
  return signingKeyOf(pem, path);
}

/** The key in a data directory, if there is one there; never creates it (the offline tool only reads). */
export function readSigningKey(dataDir: string): SigningKey | null {
  const path = join(dataDir, SIGNING_KEY_FILE);
  const pem = readIfPresent(path);
  return pem === undefined ? null : signingKeyOf(pem, path);
}

export function signingKeyOf(pem: string, source: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${source} must hold an Ed25519 private key, not ${privateKey.asymmetricKeyType}`);
  const publicKey = createPublicKey(privateKey);
  const jwk = publicJwkOf(publicKey);
  return { privateKey, publicKey, kid: jwk.kid, jwk };
}

export function publicJwkOf(publicKey: KeyObject): PublicJwk {
  const { x } = publicKey.export({ format: 'jwk' }) as { x: string };
  return { kty: 'OKP', crv: 'Ed25519', x, kid: thumbprint(x), alg: 'EdDSA', use: 'sig' };
}

/** RFC 7638: SHA-256 over the required members in lexicographic order, base64url. */
export function thumbprint(x: string): string {
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

/**
 * The keys a verifier trusts, from a file: a JWK Set (`{"keys": [...]}`, as served at
 * /.well-known/deal-room/keys), one JWK, or a PEM public key. Each key's `kid` is recomputed, never read.
 */
export function parseVerifyingKeys(text: string): VerifyingKey[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return [verifyingKeyOf(createPublicKey(trimmed))];
  const parsed = JSON.parse(trimmed) as { keys?: unknown[] } & Record<string, unknown>;
  const jwks = Array.isArray(parsed.keys) ? parsed.keys : [parsed];
  return jwks.map((jwk) => {
    const { kty, crv, x } = jwk as Record<string, unknown>;
    if (kty !== 'OKP' || crv !== 'Ed25519' || typeof x !== 'string') throw new Error('a key must be an Ed25519 JWK (kty OKP, crv Ed25519, x)');
    return verifyingKeyOf(createPublicKey({ key: { kty, crv, x }, format: 'jwk' }));
  });
}

export const verifyingKeyOf = (publicKey: KeyObject): VerifyingKey => ({ kid: publicJwkOf(publicKey).kid, publicKey });

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The Nest token of the deployment's SigningKey (provided by ReceiptsModule). */
export const SIGNING_KEY = Symbol('SIGNING_KEY');
