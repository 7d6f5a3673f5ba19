#!/usr/bin/env node
// `npm run demo`: plays the 50 bn CNY Series C through the HTTP API of a running Deal Room
// (DEAL_ROOM_URL, default http://localhost:3000). Exits non-zero on any answer it did not expect.
import { mintToken } from '../apps/deal-room/src/auth';
import { DealRoomClient, Json } from './demo/client';
import { asPercent, decimalsOf, fromUnits, groupDigits, table, toUnits } from './demo/format';
import { BOOK, CONDITION_EVIDENCE, CONDITIONS, DEAL_LEAD_SUB, FOUNDER_MISTAKE, INDICATED_BY_PHONE, INVESTORS, PAYMENTS, ROUND } from './demo/round-plan';
import { demoAuthFromEnv } from './demo/secret';

/** The lead's protected allocation: taken out first, the rest of the book shares what the cap leaves. */
const LEAD_PROTECTED = '18000000000.00';

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
  const propose = async (token: string, key: string, value: unknown, supersedes?: string, investorId?: string): Promise<string> => {
    const body = { key, value, ...(supersedes === undefined ? {} : { supersedes }), ...(investorId === undefined ? {} : { investorId }) };
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
  log('   Tencent asks for 2 board seats of its own');
  const seat = await propose(company, 'board-seats', 1, seats, 'tencent');
  await answer(tencent, seat, 'accept');
  log('   Company counters with 1 seat; Tencent accepts');
  const jdSeat = await propose(investorToken('jd'), 'board-seats', 1);
  await answer(company, jdSeat, 'accept');
  log('   JD.com asks for a board seat of its own at the same time; the company accepts');

  const proRata = await propose(tencent, 'pro-rata-rights', true);
  await answer(company, proRata, 'accept');
  log('   Tencent asks for pro-rata rights in later rounds; the company accepts');
  const jdValuation = await api.send('POST', `${rounds}/terms`, investorToken('jd'), { status: 403, code: 'ROUND_TERMS_RESERVED' }, { key: 'valuation', value: valuation('200000000000.00') });
  log(`   JD.com proposes 200 bn for the whole round: refused, ${jdValuation.status} ${jdValuation.code}`);

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
    if (investorId === INDICATED_BY_PHONE) {
      // The CFO writes down what CATL said on the phone; it binds nobody until CATL confirms it.
      const recorded = await api.send('PUT', `${rounds}/commitments/${investorId}`, company, 201, { amount, currency: ROUND.currency });
      log(`   The company records ${nameOf(investorId)}'s indication of ${cny(amount)} (${recorded.status}, binding nobody)`);
      await api.send('POST', `${rounds}/commitments/${investorId}/confirm`, investorToken(investorId), 200);
      log(`   ${nameOf(investorId)} confirms it: now its commitment`);
      continue;
    }
    await commit(investorId, amount, 201);
    log(`   ${nameOf(investorId)} commits ${cny(amount)}`);
  }
  const book = await api.send('GET', rounds, company, 200);
  const decimals = decimalsOf(book.hardCap);
  const subscribed = asPercent(ratio(toUnits(book.totalCommitted, decimals), toUnits(book.hardCap, decimals)), 2);
  log(`   Book: ${cny(book.totalCommitted)} against a hard cap of ${cny(book.hardCap)} (${subscribed} of the cap)`);

  log('\n5. Subscriptions are signed, countersigned and paid in');
  const now = Date.now();
  const inDays = (days: number) => new Date(now + days * 86_400_000).toISOString();
  await api.send('PUT', `${rounds}/deadlines`, company, 200, { subscriptionDeadline: inDays(14), fundingDeadline: inDays(30) });
  log('   Deadlines: subscriptions within 14 days, funds within 30 days');
  const today = new Date(now).toISOString().slice(0, 10);
  for (const [investorId] of BOOK) {
    const path = `${rounds}/subscriptions/${investorId}`;
    await api.send('POST', `${path}/sign`, investorToken(investorId), 200, { documentReference: `SA-2025-${investorId}` });
    await api.send('POST', `${path}/accept`, company, 200);
  }
  log('   Each investor signs its subscription agreement; the company countersigns each');
  const payments = PAYMENTS.map(([investorId, amount, reference]) => ({ investorId, amount, reference }));
  for (const { investorId, amount, reference } of payments) {
    await api.send('POST', `${rounds}/subscriptions/${investorId}/fundings`, company, 201, { amount, currency: ROUND.currency, valueDate: today, reference });
  }
  const funding = await api.send('GET', `${rounds}/subscriptions`, company, 200);
  for (const row of funding.subscriptions as { investorId: string; subscribed: string; paidIn: string; outstanding: string }[]) {
    log(`   ${nameOf(row.investorId).padEnd(38)} subscribed ${groupDigits(row.subscribed).padStart(18)}  paid in ${groupDigits(row.paidIn).padStart(18)}`);
  }
  log(`   Paid in so far: ${cny(funding.totals.paidIn)} of ${cny(funding.totals.subscribed)} subscribed; late: ${funding.late.toSign.length + funding.late.toFund.length}`);

  log('\n6. Conditions of the close');
  const conditionIds: string[] = [];
  for (const [title, investorId] of CONDITIONS) {
    const added = await api.send('POST', `${rounds}/conditions`, company, 201, investorId ? { title, investorId } : { title });
    conditionIds.push(added.conditionId);
    log(`   ${title}`);
  }
  const early = await api.send('POST', `${rounds}/close`, company, { status: 422, code: 'CONDITIONS_OPEN' }, {});
  log(`   Closing now is refused: ${early.status} ${early.code}, ${CONDITIONS.length} conditions open`);
  for (const [index, conditionId] of conditionIds.entries()) {
    await api.send('POST', `${rounds}/conditions/${conditionId}/satisfy`, company, 200, { evidence: CONDITION_EVIDENCE[index] });
  }
  log('   Counsel satisfies each, with its evidence: resolution, waivers, SAMR clearance, appraisal filing');

  log('\n7. The company protects the lead\'s allocation, closes the round, and the rest is scaled back pro rata');
  await api.send('PUT', `${rounds}/protected-allocations/tencent`, company, 200, { amount: LEAD_PROTECTED, currency: ROUND.currency });
  log(`   Protected before the scale-back: ${cny(LEAD_PROTECTED)} for Tencent, allocated first`);
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
  log(`\n   Allocations sum to exactly the hard cap. The ${cny(view.valuation.amount)} ${view.valuation.basis} headline, quoted on`);
  log(`   the planned ${cny(view.targetAmount)}, fixes the price: ${cny(view.postMoneyValuation)} post-money after ${cny(fromUnits(totals.allocated, decimals))} sold.`);
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
