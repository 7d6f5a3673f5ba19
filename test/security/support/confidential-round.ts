import { BACKWARDS, END, EventStoreDBClient } from '@eventstore/db-client';
import { EVENT_STORE_CLIENT } from '@deal-room/event-store';
import type { Response } from 'supertest';
import type { TestApp } from '../../support/app-harness';
import { Body, expectStatus, freshId, RoundsApi } from '../../rounds/support/rounds-api';
import { bearer } from '../../rounds/support/tokens';

// Rate limits off: these specs send hundreds of requests from one token on purpose.
export const SECURITY_ENV = { RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '0' };

/** The other investor's amount: a figure that appears nowhere else, so finding it anywhere is a leak. */
export const SECRET_AMOUNT = '6123457.89';
export const SECRET_NAME = 'Mistral Secret Ventures';
/** The reader's own commitment, and the book total it makes with the secret one. */
export const OWN_AMOUNT = '1000000.00';
export const BOOK_TOTAL = '7123457.89';

export interface ConfidentialRound {
  readonly roundId: string;
  /** The investor reading: the round's lead investor. */
  readonly lead: string;
  /** The investor whose name, id and amounts the reader must never see. */
  readonly major: string;
  /** A board-seats term the company proposed, answered by `lead`. */
  readonly companyTerm: string | null;
  /** A pro-rata-rights term `major` proposed, answered by the company. */
  readonly majorTerm: string | null;
}

export interface SceneOptions {
  /** Leave both terms pending (the default), or propose none (a round that can be closed). */
  readonly pendingTerms?: boolean;
  readonly leadCommits?: boolean;
  readonly open?: Body;
}

/**
 * A USD round (cap 10 m, minimum 5 m) with a lead investor and a major one; the major has committed
 * SECRET_AMOUNT and, with pending terms, proposed a term of its own.
 */
export async function confidentialRound(api: RoundsApi, { pendingTerms = true, leadCommits = false, open = {} }: SceneOptions = {}): Promise<ConfidentialRound> {
  const { roundId } = await api.openRound(open);
  const lead = freshId('lumen');
  const major = freshId('mistral');
  await api.admit(roundId, { investorId: lead, tier: 'lead', name: 'Lumen Lead Partners' });
  await api.admit(roundId, { investorId: major, tier: 'major', name: SECRET_NAME });
  expectStatus(await api.commit(roundId, major, SECRET_AMOUNT, undefined, (open.currency as string | undefined) ?? 'USD'), 201);
  if (leadCommits) expectStatus(await api.commit(roundId, lead, OWN_AMOUNT, undefined, (open.currency as string | undefined) ?? 'USD'), 201);
  if (!pendingTerms) return { roundId, lead, major, companyTerm: null, majorTerm: null };
  const companyTerm = await api.proposed(roundId, await api.lead(), { key: 'x-no-shop', value: '60 days' });
  const majorTerm = await api.proposed(roundId, await api.investor(major), { key: 'pro-rata-rights', value: true });
  return { roundId, lead, major, companyTerm, majorTerm };
}

/** What must not appear in anything the lead investor is told about `round`. */
export const secretsOf = (round: ConfidentialRound, options: { totals?: boolean } = {}): string[] => [
  round.major,
  SECRET_NAME,
  'Mistral',
  SECRET_AMOUNT,
  `ir@${round.major}`,
  ...(options.totals === false ? [] : [BOOK_TOTAL]),
];

/** The secrets found in a response, whatever its content type. */
export function leaked(response: Response, secrets: readonly string[]): string[] {
  const text = response.text ?? (Buffer.isBuffer(response.body) ? response.body.toString('utf8') : JSON.stringify(response.body));
  return secrets.filter((secret) => text.includes(secret));
}

/**
 * The commit position of the last event in $all outside the audit's own streams and the refusal logs, read
 * to the end (abandoning a read hangs the client). The access log records refused reads, anchors are
 * written whenever a round closes (issue 12), and a refused command is kept for auditors in
 * `refusals-<roundId>` (issue 11): none of them is a write of the refused request.
 */
export async function lastPosition(testApp: TestApp): Promise<bigint | undefined> {
  const client = testApp.app.get<EventStoreDBClient>(EVENT_STORE_CLIENT);
  let last: bigint | undefined;
  for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1000 })) {
    const streamId = resolved.event?.streamId ?? '';
    if (last === undefined && !AUDIT_STREAMS.has(streamId) && !streamId.startsWith('refusals-')) last = resolved.commitPosition;
  }
  return last;
}

const AUDIT_STREAMS = new Set(['access-log', 'anchors']);

/** The round's revision as the deal-lead reads it (a read that the access log does not record). */
export async function revisionOf(api: RoundsApi, roundId: string): Promise<number | null> {
  const response = await api.http.get(`/rounds/${roundId}`).set(bearer(await api.lead()));
  return response.status === 404 ? null : Number(response.body.revision);
}

/** "201" or "404 ROUND_NOT_FOUND": the status, and the code of a problem. */
export function outcome(response: Response): string {
  return response.status < 300 ? String(response.status) : `${response.status} ${response.body?.code ?? '(no code)'}`;
}
