import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Response } from 'supertest';
import { createTestApp, TestApp, TestAppOptions } from '../../support/app-harness';
import { readRoundStream } from '../../rounds/support/stream';

export const JWT_SECRET = 'deal-room-projections-e2e-secret-0123456789abcdef';
type Role = 'deal-lead' | 'investor' | 'auditor' | 'admin';

export async function tokenFor(role: Role, investorId?: string): Promise<{ Authorization: string }> {
  const now = Math.floor(Date.now() / 1000);
  const claims = investorId ? { sub: `ir@${investorId}`, role, investorId } : { sub: `${role}@example.com`, role };
  const jwt = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 900)
    .sign(new TextEncoder().encode(JWT_SECRET));
  return { Authorization: `Bearer ${jwt}` };
}

export const freshId = (label: string): string => `${label}-${randomUUID()}`;

function expectStatus(response: Response, status: number): Response {
  if (response.status !== status) {
    const req = (response as unknown as { req?: { method?: string; path?: string } }).req;
    throw new Error(`expected ${status}: ${req?.method} ${req?.path} answered ${response.status} ${response.text}`);
  }
  return response;
}

/** The write side driven over HTTP, as the deal team would; each write returns its X-Event-Position. */
export class DealRoomApi {
  private constructor(readonly testApp: TestApp) {}

  static async start(options: TestAppOptions = {}, env: Record<string, string> = {}): Promise<DealRoomApi> {
    return new DealRoomApi(await createTestApp({ AUTH_JWT_SECRET: JWT_SECRET, ...env }, options));
  }

  get http(): TestApp['http'] {
    return this.testApp.http;
  }

  close(): Promise<void> {
    return this.testApp.close();
  }

  /** A USD round: 8 m target, 10 m cap, 50 m post-money, scale-back above the cap. */
  async openRound(overrides: Record<string, unknown> = {}): Promise<{ roundId: string; position: string }> {
    const roundId = freshId('round');
    const body = {
      roundId,
      company: 'Acme Robotics Ltd.',
      name: 'Series A',
      currency: 'USD',
      targetAmount: '8000000.00',
      hardCap: '10000000.00',
      valuation: { amount: '50000000.00', basis: 'post-money' },
      oversubscription: 'scale-back',
      ...overrides,
    };
    const response = expectStatus(await this.http.post('/rounds').set(await tokenFor('deal-lead')).send(body), 201);
    return { roundId, position: positionOf(response) };
  }

  async admit(roundId: string, investorId: string, tier: 'lead' | 'major' | 'other' = 'major'): Promise<string> {
    const body = { investorId, name: `${investorId} Capital`, tier };
    return positionOf(expectStatus(await this.http.post(`/rounds/${roundId}/investors`).set(await tokenFor('deal-lead')).send(body), 201));
  }

  async commit(roundId: string, investorId: string, amount: string, currency = 'USD'): Promise<string> {
    const response = await this.http
      .put(`/rounds/${roundId}/commitments/${investorId}`)
      .set(await tokenFor('investor', investorId))
      .send({ amount, currency });
    expectStatus(response, response.status === 200 ? 200 : 201);
    // An investor's X-Event-Position is sealed (issue 14): the specs here compare commit positions, so
    // they take the one the store gave the write, as the deal team's tools would see it.
    const [last] = (await readRoundStream(this.testApp.app, roundId)).slice(-1);
    return String(last.position?.commit);
  }

  async closeRound(roundId: string): Promise<{ position: string; body: Record<string, unknown> }> {
    const response = expectStatus(await this.http.post(`/rounds/${roundId}/close`).set(await tokenFor('deal-lead')).send(), 200);
    return { position: positionOf(response), body: response.body };
  }

  /** A round with a lead and two more investors, each committed; returns the ids and the last position. */
  async roundWithBook(amounts: [string, string, string]): Promise<{ roundId: string; investors: string[]; position: string }> {
    const { roundId } = await this.openRound();
    const investors = [freshId('lead'), freshId('major'), freshId('other')];
    await this.admit(roundId, investors[0], 'lead');
    await this.admit(roundId, investors[1], 'major');
    await this.admit(roundId, investors[2], 'other');
    let position = '';
    for (const [index, investorId] of investors.entries()) position = await this.commit(roundId, investorId, amounts[index]);
    return { roundId, investors, position };
  }

  async get(path: string, role: Role = 'auditor', investorId?: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.http.get(path).set(await tokenFor(role, investorId)).set(headers);
  }
}

function positionOf(response: Response): string {
  const position = response.headers['x-event-position'];
  if (typeof position !== 'string' || !/^\d+$/.test(position)) throw new Error(`no X-Event-Position on ${response.status} ${response.text}`);
  return position;
}
