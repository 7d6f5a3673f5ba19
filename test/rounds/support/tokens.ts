import { SignJWT } from 'jose';

// The specs boot the app with this secret. Read as the raw UTF-8 bytes of the string, the way
// `AUTH_JWT_SECRET` is documented (HS256 needs at least 32 bytes).
export const TEST_JWT_SECRET = 'deal-room-rounds-e2e-secret-0123456789abcdefghij';

export type Role = 'deal-lead' | 'investor' | 'auditor' | 'admin';

export interface Claims {
  sub?: string;
  role?: string;
  investorId?: string;
  [claim: string]: unknown;
}

export interface MintOptions {
  secret?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Leave `exp` out altogether. */
  withoutExp?: boolean;
  alg?: 'HS256' | 'HS384' | 'HS512';
}

export async function mintToken(claims: Claims, options: MintOptions = {}): Promise<string> {
  const { secret = TEST_JWT_SECRET, expiresIn = 600, withoutExp = false, alg = 'HS256' } = options;
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg, typ: 'JWT' }).setIssuedAt(now);
  if (!withoutExp) jwt.setExpirationTime(now + expiresIn);
  return jwt.sign(new TextEncoder().encode(secret));
}

/** An unsigned token (`alg: none`) with otherwise valid claims: must never be accepted. */
export function unsignedToken(claims: Claims): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 600;
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, exp })}.`;
}

export const dealLeadToken = (sub = 'cfo@company.example') => mintToken({ sub, role: 'deal-lead' });
export const investorToken = (investorId: string, sub = `ir@${investorId}`) =>
  mintToken({ sub, role: 'investor', investorId });
export const auditorToken = (sub = 'auditor@audit.example') => mintToken({ sub, role: 'auditor' });
export const adminToken = (sub = 'admin@deal-room.example') => mintToken({ sub, role: 'admin' });

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
