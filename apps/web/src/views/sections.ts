// The parts of a round page, each rendered from what the API answered to this token.
import type { CapTable, RoundView, SubscriptionBook } from '../api';
import { badge, el, money, percent, shares, table, termValue, when } from '../dom';

export function roundHeading(round: RoundView, role: string): HTMLElement {
  const tone = round.status === 'closed' ? 'good' : round.status === 'cancelled' ? 'bad' : 'neutral';
  return el(
    'div',
    { className: 'round-head' },
    el('h1', { tabindex: '-1' }, `${round.company}: ${round.name}`),
    el(
      'p',
      {},
      badge(round.status, tone),
      ` Round ${round.roundId} in ${round.currency}${round.revision === undefined ? '' : `, revision ${String(round.revision)}`}. Valuation ${money(round.valuation.amount, round.currency)} ${round.valuation.basis}. Seen as ${role}.`,
    ),
  );
}

export function section(title: string, id: string, ...content: (Node | null)[]): HTMLElement {
  return el('section', { 'aria-labelledby': id, className: 'card' }, el('h2', { id }, title), ...content);
}

const nameOf = (round: RoundView, investorId: string | null) =>
  investorId === null ? 'round-wide' : (round.investors.find((i) => i.investorId === investorId)?.name ?? investorId);

export function subscriptionRows(round: RoundView, book: SubscriptionBook | undefined, actions?: (investorId: string, subscription: string) => Node | null): HTMLElement {
  const rows = round.investors.map((investor) => {
    const commitment = round.commitments.find((c) => c.investorId === investor.investorId);
    const row = book?.subscriptions.find((s) => s.investorId === investor.investorId);
    const late = row?.lateToSign ? badge('late to sign', 'bad') : row?.lateToFund ? badge('late to fund', 'bad') : null;
    const status = !commitment
      ? 'no commitment'
      : commitment.status === 'indicated'
        ? 'indication'
        : commitment.subscription === 'accepted' && commitment.paidIn === commitment.amount
          ? 'funded'
          : commitment.subscription === 'accepted'
            ? 'accepted'
            : commitment.subscription === 'signed'
              ? 'signed'
              : commitment.status;
    return [
      `${investor.name} (${investor.investorId})`,
      investor.tier,
      money(commitment?.amount, round.currency),
      el('span', {}, status, late ? ' ' : '', late),
      money(commitment?.paidIn, round.currency),
      commitment?.documentReference ?? '—',
      ...(actions ? [commitment ? actions(investor.investorId, commitment.subscription) : ''] : []),
    ];
  });
  const headers = ['Investor', 'Tier', 'Commitment', 'Status', 'Paid in', 'Agreement', ...(actions ? ['Action'] : [])];
  return table('Investors and their subscriptions', headers, rows, 'no investor admitted yet.');
}

export function termTables(round: RoundView, accept?: (termId: string) => Node | null): HTMLElement {
  const pending = round.terms.filter((t) => t.status === 'pending');
  const agreed = round.terms.filter((t) => t.status === 'accepted');
  const proposer = (t: RoundView['terms'][number]) => (t.proposedBy.side === 'company' ? 'the company' : `investor ${t.proposedBy.investorId ?? ''}`.trim());
  return el(
    'div',
    {},
    table(
      'Terms under negotiation',
      ['Term', 'For', 'Value', 'Proposed by', ...(accept ? ['Action'] : [])],
      pending.map((t) => [t.key, nameOf(round, t.investorId), termValue(t.value), proposer(t), ...(accept ? [t.proposedBy.side === 'investor' ? accept(t.termId) : 'awaiting the investor'] : [])]),
      'no term pending.',
    ),
    table(
      'Terms agreed',
      ['Term', 'For', 'Value', 'Proposed by'],
      agreed.map((t) => [t.key, nameOf(round, t.investorId), termValue(t.value), proposer(t)]),
      'no term agreed yet.',
    ),
  );
}

export function conditionsTable(round: RoundView): HTMLElement {
  return table(
    'Conditions of the close',
    ['Condition', 'About', 'Status', 'Evidence', 'Satisfied by', 'When'],
    round.conditions.map((c) => [
      c.title,
      nameOf(round, c.investorId),
      badge(c.status, c.status === 'satisfied' ? 'good' : 'warn'),
      c.evidence ?? '—',
      c.satisfiedBy ? `${c.satisfiedBy.sub} (${c.satisfiedBy.role})` : '—',
      when(c.satisfiedAt),
    ]),
    'none set.',
  );
}

export function allocationTable(round: RoundView): HTMLElement {
  if (!round.allocations) return el('p', { className: 'empty' }, 'Allocation at close: not closed yet.');
  return el(
    'div',
    {},
    table(
      'Allocation at close',
      ['Investor', 'Committed', 'Allocated', 'Ownership'],
      round.allocations.map((a) => [nameOf(round, a.investorId), money(a.committed, round.currency), money(a.allocated, round.currency), percent(a.ownership)]),
    ),
    el('p', {}, `Post-money valuation: ${money(round.postMoneyValuation, round.currency)}. Closed ${when(round.closedAt)}.`),
  );
}

export function capTableView(capTable: CapTable | undefined): HTMLElement {
  if (!capTable) return el('p', { className: 'empty' }, 'Cap table: none entered yet.');
  return el(
    'div',
    {},
    el(
      'p',
      {},
      `${capTable.basis === 'closed' ? 'As issued at the close' : 'Pro forma: the book as a close now would allocate it'}. Price per share ${money(capTable.pricePerShare, capTable.currency)}; fully diluted ${shares(capTable.fullyDilutedBefore)} shares before, ${shares(capTable.fullyDilutedAfter)} after.`,
    ),
    table(
      'Cap table before and after',
      ['Holder', 'Kind', 'Shares before', 'Before', 'Shares after', 'After', 'Invested'],
      capTable.rows.map((r) => [r.name, r.kind, shares(r.sharesBefore), percent(r.fractionBefore), shares(r.sharesAfter), percent(r.fractionAfter), money(r.invested, capTable.currency)]),
    ),
  );
}
