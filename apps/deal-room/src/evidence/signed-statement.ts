import { sign, verify } from 'node:crypto';
import { canonicalJson } from '../event-sourcing/hash-chain';
import { SigningKey, VerifyingKey } from './signing-key';

/**
 * Receipts and anchors are JWS compact serializations (RFC 7515) with EdDSA (RFC 8037): any JOSE library
 * verifies them. Header and payload are canonical JSON (RFC 8785), so the same statement signed twice is
 * the same text (Ed25519 signatures are deterministic): a receipt fetched again is byte for byte the first.
 */
export function signStatement(key: SigningKey, typ: string, payload: object): string {
  const header = b64(canonicalJson({ alg: 'EdDSA', kid: key.kid, typ }));
  const body = b64(canonicalJson(payload));
  const signature = sign(null, Buffer.from(`${header}.${body}`, 'ascii'), key.privateKey).toString('base64url');
  return `${header}.${body}.${signature}`;
}

export type OpenedStatement<P> =
  | { readonly ok: true; readonly kid: string; readonly typ: string; readonly payload: P }
  | { readonly ok: false; readonly reason: string; readonly kid: string | null };

/** Checks the signature against the trusted keys (by kid); the payload is returned only when it holds. */
export function openStatement<P>(jws: string, typ: string, trusted: readonly VerifyingKey[]): OpenedStatement<P> {
  const parts = jws.trim().split('.');
  if (parts.length !== 3) return { ok: false, reason: 'is not a JWS compact serialization', kid: null };
  let header: { alg?: unknown; kid?: unknown; typ?: unknown };
  let payload: P;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as P;
  } catch {
    return { ok: false, reason: 'does not decode to JSON', kid: null };
  }
  const kid = typeof header.kid === 'string' ? header.kid : null;
  if (header.alg !== 'EdDSA') return { ok: false, reason: `is signed with ${String(header.alg)}, not EdDSA`, kid };
  if (header.typ !== typ) return { ok: false, reason: `is a ${String(header.typ)}, not a ${typ}`, kid };
  const key = trusted.find((candidate) => candidate.kid === kid);
  if (!key) return { ok: false, reason: `is signed by key ${kid ?? '(none named)'}, which is not the deployment's`, kid };
  const valid = verify(null, Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'), key.publicKey, Buffer.from(parts[2], 'base64url'));
  if (!valid) return { ok: false, reason: 'has a signature that does not verify with the deployment\'s key', kid };
  return { ok: true, kid: key.kid, typ, payload };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
