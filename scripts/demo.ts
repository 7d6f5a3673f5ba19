#!/usr/bin/env node
// `npm run demo`: plays the 50 bn CNY Series C through the HTTP API of a running Deal Room
// (DEAL_ROOM_URL, default http://localhost:3000). Exits non-zero on any answer it did not expect.
import { mintToken } from '../apps/deal-room/src/auth';
import { DealRoomClient, Json } from './demo/client';
import { asPercent, decimalsOf, fromUnits, groupDigits, table, toUnits } from './demo/format';
import { BOOK, DEAL_LEAD_SUB, FOUNDER_MISTAKE, INVESTORS, ROUND } from './demo/round-plan';
import { demoAuthFromEnv } from './demo/secret';

export interface DemoOptions {
  readonly baseUrl: string;
  /** The server's JWT key: the text of AUTH_JWT_SECRET (or of the secret file), or its bytes. */
  readonly secret: string | Uint8Array;
  readonly issuer?: string;
  readonly audience?: string;
  readonly log?: (line: string) => void;
}

export interface DemoAllocation {
  readonly investorId: string;
  readonly committed: string;
  readonly allocated: string;
  readonly ownership: string;
}

export interface DemoResult {
  readonly roundId: string;
  readonly currency: string;
  readonly hardCap: string;
  readonly valuation: { readonly amount: string; readonly basis: string };
  readonly allocations: readonly DemoAllocation[];
  readonly totalAllocated: string;
}

export async function runDemo({ baseUrl, secret, issuer, audience, log = console.log }: DemoOptions): Promise<DemoResult> {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  const api = new DealRoomClient(baseUrl);
  const cny = (amount: string) => `${groupDigits(amount)} ${ROUND.currency}`;
  const mint = (claims: { sub: string; role: 'deal-lead' | 'investor'; investorId?: string }) =>
    mintToken(claims, key, { expiresIn: '15m', issuer, audience });
  const company = await mint({ sub: DEAL_LEAD_SUB, role: 'deal-lead' });
  const tokens = new Map<string, string>();
  for (const { investorId, sub } of INVESTORS) tokens.set(investorId, await mint({ sub, role: 'investor', investorId }));
  const investorToken = (investorId: string) => tokens.get(investorId)!;
  const nameOf = (investorId: string) => INVESTORS.find((i) => i.investorId === investorId)!.name;

  log(`Deal Room demo against ${baseUrl} (correlation id ${api.correlationId})`);

  log('\n1. The company opens the round');
  const opened = await api.send('POST', '/rounds', company, 201, ROUND);
  const roundId: string = opened.roundId;
  const rounds = `/rounds/${encodeURIComponent(roundId)}`;
  log(`   ${ROUND.company}, ${ROUND.name}: round ${roundId}`);
  log(`   target ${cny(ROUND.targetAmount)}, hard cap ${cny(ROUND.hardCap)}, minimum to close ${cny(ROUND.minimumAmount)}`);
  log(`   minimum ticket ${cny(ROUND.minimumTicket)}; oversubscription is ${ROUND.oversubscription}`);

  log('\n2. The company admits five investors');
  for (const { investorId, name, tier } of INVESTORS) {
    await api.send('POST', `${rounds}/investors`, company, 201, { investorId, name, tier });
    log(`   ${name} (${tier})`);
  }

  log('\n3. The term sheet is negotiated');
  const propose = async (token: string, key: string, value: unknown, supersedes?: string): Promise<string> => {
    const body = supersedes === undefined ? { key, value } : { key, value, supersedes };
    return (await api.send('POST', `${rounds}/terms`, token, 201, body)).termId;
  };
  const answer = (token: string, termId: string, action: 'accept' | 'reject', body: object = {}) =>
    api.send('POST', `${rounds}/terms/${encodeURIComponent(termId)}/${action}`, token, 200, body);
  const tencent = investorToken('tencent');
  const valuation = (amount: string) => ({ amount, basis: 'post-money' });

  const asked = await propose(company, 'valuation', valuation('400000000000.00'));
  log(`   Company proposes a valuation of ${cny('400000000000.00')} post-money`);
  const countered = await propose(tencent, 'valuation', valuation('350000000000.00'), asked);
  log(`   Tencent counters at ${cny('350000000000.00')} post-money`);
  const settled = await propose(company, 'valuation', valuation('380000000000.00'), countered);
  log(`   Company counters at ${cny('380000000000.00')} post-money`);
  await answer(tencent, settled, 'accept');
  log('   Tencent accepts');

  const preference = await propose(company, 'liquidation-preference', { multiple: '1', participating: false });
  await answer(tencent, preference, 'accept');
  log('   Company proposes a 1x non-participating liquidation preference; Tencent accepts');

  const seats = await propose(tencent, 'board-seats', 2);
  log('   Tencent asks for 2 board seats');
  const seat = await propose(company, 'board-seats', 1, seats);
  await answer(tencent, seat, 'accept');
  log('   Company counters with 1 seat; Tencent accepts');

  const proRata = await propose(tencent, 'pro-rata-rights', true);
  await answer(company, proRata, 'accept');
  log('   Tencent asks for pro-rata rights in later rounds; the company accepts');

  const agreed = await api.send('GET', rounds, company, 200);
  log(`   Agreed valuation: ${cny(agreed.valuation.amount)} ${agreed.valuation.basis}`);

  log('\n4. Investors commit');
  const commit = (investorId: string, amount: string, expected: number | { status: number; code: string }) =>
    api.send('PUT', `${rounds}/commitments/${encodeURIComponent(investorId)}`, investorToken(investorId), expected, {
      amount,
      currency: ROUND.currency,
    });
  log(`   ${nameOf('founder')} tries to commit ${cny(FOUNDER_MISTAKE)}`);
  const refusal = await commit('founder', FOUNDER_MISTAKE, { status: 422, code: 'COMMITMENT_EXCEEDS_HARD_CAP' });
  log(`   Refused, ${refusal.status} ${refusal.code}: ${refusal.detail}`);
  for (const [investorId, amount] of BOOK) {
    await commit(investorId, amount, 201);
    log(`   ${nameOf(investorId)} commits ${cny(amount)}`);
  }
  const book = await api.send('GET', rounds, company, 200);
  const decimals = decimalsOf(book.hardCap);
  const subscribed = asPercent(ratio(toUnits(book.totalCommitted, decimals), toUnits(book.hardCap, decimals)), 2);
  log(`   Book: ${cny(book.totalCommitted)} against a hard cap of ${cny(book.hardCap)} (${subscribed} of the cap)`);

  log('\n5. The company closes the round; the book is scaled back pro rata');
  const closed = await api.send('POST', `${rounds}/close`, company, 200, {});
  const allocations: DemoAllocation[] = closed.allocations;
  const totals = {
    committed: allocations.reduce((sum, a) => sum + toUnits(a.committed, decimals), 0n),
    allocated: allocations.reduce((sum, a) => sum + toUnits(a.allocated, decimals), 0n),
    ownership: allocations.reduce((sum, a) => sum + toUnits(a.ownership, decimalsOf(a.ownership)), 0n),
  };
  const ownershipDecimals = decimalsOf(allocations[0]?.ownership ?? '0');
  const rows = allocations.map((a) => [nameOf(a.investorId), groupDigits(a.committed), groupDigits(a.allocated), asPercent(a.ownership)]);
  const totalRow = [
    'Total',
    groupDigits(fromUnits(totals.committed, decimals)),
    groupDigits(fromUnits(totals.allocated, decimals)),
    asPercent(fromUnits(totals.ownership, ownershipDecimals)),
  ];
  const columns = [
    { title: 'Investor', align: 'left' },
    { title: `Committed (${ROUND.currency})`, align: 'right' },
    { title: `Allocated (${ROUND.currency})`, align: 'right' },
    { title: 'Ownership', align: 'right' },
  ] as const;
  log('');
  for (const line of table(columns, rows, totalRow)) log(`   ${line}`);

  const view: Json = await api.send('GET', rounds, company, 200);
  if (totals.allocated !== toUnits(view.hardCap, decimals)) {
    throw new Error(`Allocations sum to ${cny(fromUnits(totals.allocated, decimals))}, not the hard cap ${cny(view.hardCap)}`);
  }
  log(`\n   Allocations sum to exactly the hard cap; ownership is of ${cny(view.valuation.amount)} ${view.valuation.basis}.`);
  log(`   Round ${roundId} is ${view.status} at revision ${view.revision}.`);

  return {
    roundId,
    currency: view.currency,
    hardCap: view.hardCap,
    valuation: view.valuation,
    allocations,
    totalAllocated: fromUnits(totals.allocated, decimals),
  };
}

/** numerator / denominator as a decimal string with 10 places, truncated (display only). */
function ratio(numerator: bigint, denominator: bigint): string {
  return fromUnits((numerator * 10n ** 10n) / denominator, 10);
}

async function main(): Promise<void> {
  const baseUrl = process.env.DEAL_ROOM_URL ?? 'http://localhost:3000';
  try {
    const auth = demoAuthFromEnv(process.env);
    await runDemo({ baseUrl, ...auth });
  } catch (error) {
    process.stderr.write(`\nDemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
