import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../../support/app-harness';

// The audit specs boot the app with this secret and sign their tokens with it.
export const AUDIT_JWT_SECRET = 'deal-room-audit-e2e-secret-0123456789abcdefghij';
export const DEAL_LEAD = 'cfo@frontier-ai.example';

export async function token(claims: { sub: string; role: string; investorId?: string }): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(AUDIT_JWT_SECRET));
}

export const bearer = (jwt: string) => ({ Authorization: `Bearer ${jwt}` });
export const freshId = (label: string) => `${label}-${randomUUID()}`;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function expectStatus(response: Response, status: number): void {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status} ${response.text}`);
}

/** Problem details with this status and code; `fields` are the names its `errors` must list. */
export function expectProblem(response: Response, status: number, code: string, fields: string[] = []): void {
  expectStatus(response, status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, code });
  const named = (response.body.errors ?? []).map((error: { field: string }) => error.field);
  expect(named).toEqual(expect.arrayContaining(fields));
}

/** The bytes of an answer exactly as sent, whatever its content type. */
export const rawBody = (res: unknown, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const stream = res as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

export async function startAuditApp(): Promise<TestApp> {
  return createTestApp({ AUTH_JWT_SECRET: AUDIT_JWT_SECRET });
}

export interface Tokens {
  lead: string;
  auditor: string;
  admin: string;
  investor(investorId: string): Promise<string>;
}

export async function tokens(): Promise<Tokens> {
  return {
    lead: await token({ sub: DEAL_LEAD, role: 'deal-lead' }),
    auditor: await token({ sub: 'auditor@audit.example', role: 'auditor' }),
    admin: await token({ sub: 'admin@deal-room.example', role: 'admin' }),
    investor: (investorId) => token({ sub: `ir@${investorId}.example`, role: 'investor', investorId }),
  };
}
