import { deserialize, RoundEvent, Term } from '../rounds/domain';
import { Money, Party, formatAmount } from '../kernel';

/** Turns each stored event of one round, fed oldest first, into one line a person can read. */
export type Summarizer = (type: string, data: unknown) => string;

// What later events only refer to by id: the names come from the round's own earlier events.
interface Context {
  company: string | null;
  readonly investors: Map<string, string>;
  readonly terms: Map<string, { readonly key: string; readonly proposedBy: Party }>;
}

export function createSummarizer(): Summarizer {
  const context: Context = { company: null, investors: new Map(), terms: new Map() };
  return (type, data) => {
    let event: RoundEvent;
    try {
      event = deserialize(type, data);
    } catch (error) {
      // A tampered or unknown event is still listed: that it cannot be read is the finding.
      return `Unreadable ${type} event: ${error instanceof Error ? error.message : String(error)}`;
    }
    const summary = describe(event, context);
    learn(event, context);
    return summary;
  };
}

function describe(event: RoundEvent, context: Context): string {
  const investor = (investorId: string) => context.investors.get(investorId) ?? investorId;
  const party = (by: Party) => (by.side === 'company' ? (context.company ?? 'The company') : investor(by.investorId));
  const term = (termId: string) => `term ${termId} (${context.terms.get(termId)?.key ?? 'unknown term'})`;
  switch (event.type) {
    case 'RoundOpened': {
      const { company, name, targetAmount, hardCap, valuation, disclosure } = event.data;
      const economics = `target ${money(targetAmount)}, hard cap ${money(hardCap)}, valuation ${money(valuation.amount)} ${valuation.basis}`;
      // Only the exception is told: by default investors are shown nothing of the book.
      const shown = disclosure === 'book-totals' ? ', book totals shown to investors' : '';
      return `${company} opened ${oneLine(name)}: ${economics}${shown}`;
    }
    case 'InvestorAdmitted': {
      const { name, tier, maxTicket } = event.data;
      return `${oneLine(name)} admitted as ${tier} investor${maxTicket ? `, max ticket ${money(maxTicket)}` : ''}`;
    }
    case 'TermProposed': {
      const { proposedBy, termId, key, supersedes } = event.data;
      const counter = supersedes ? `, countering term ${supersedes}` : '';
      return `${party(proposedBy)} proposed term ${termId} (${key}): ${termValue(event.data)}${counter}`;
    }
    case 'TermAccepted':
      return `${party(event.data.acceptedBy)} accepted term ${event.data.termId} (${event.data.key})`;
    case 'TermRejected': {
      const { rejectedBy, termId, reason } = event.data;
      return `${party(rejectedBy)} rejected ${term(termId)}${reason ? `: ${oneLine(reason)}` : ''}`;
    }
    case 'TermWithdrawn': {
      const proposer = context.terms.get(event.data.termId)?.proposedBy;
      return `${proposer ? party(proposer) : 'The proposer'} withdrew ${term(event.data.termId)}`;
    }
    case 'CommitmentMade':
      return `${investor(event.data.investorId)} committed ${money(event.data.amount)}`;
    case 'CommitmentAmended': {
      const { investorId, previousAmount, amount } = event.data;
      return `${investor(investorId)} amended its commitment from ${money(previousAmount)} to ${money(amount)}`;
    }
    case 'CommitmentWithdrawn':
      return `${investor(event.data.investorId)} withdrew its commitment of ${money(event.data.amount)}`;
    case 'IndicationRecorded':
      return `The company recorded an indication of ${money(event.data.amount)} for ${investor(event.data.investorId)}, not binding until confirmed`;
    case 'IndicationConfirmed':
      return `${investor(event.data.investorId)} confirmed the indication of ${money(event.data.amount)} as its commitment`;
    case 'IndicationWithdrawn':
      return `The indication of ${money(event.data.amount)} for ${investor(event.data.investorId)} was struck`;
    case 'ReconfirmationRequested':
      return `${term(event.data.termId)} changed the economics: ${event.data.investorIds.map(investor).join(', ')} to re-confirm`;
    case 'CommitmentReconfirmed':
      return `${investor(event.data.investorId)} re-confirmed its commitment of ${money(event.data.amount)}`;
    case 'SubscriptionSigned':
      return `${investor(event.data.investorId)} signed its subscription for ${money(event.data.amount)} (${oneLine(event.data.documentReference)})`;
    case 'SubscriptionAccepted':
      return `The company accepted ${investor(event.data.investorId)}'s subscription for ${money(event.data.amount)}`;
    case 'FundsReceived': {
      const { investorId, amount, valueDate, reference } = event.data;
      return `${money(amount)} received from ${investor(investorId)}, value date ${valueDate}, reference ${oneLine(reference)}`;
    }
    case 'DeadlinesSet':
      return `Deadlines set: subscriptions by ${event.data.subscriptionDeadline ?? 'none'}, funds by ${event.data.fundingDeadline ?? 'none'}`;
    case 'ConditionAdded':
      return `Condition ${event.data.conditionId} of the close: ${oneLine(event.data.title)}${event.data.investorId ? ` (for ${investor(event.data.investorId)})` : ''}`;
    case 'ConditionSatisfied':
      return `Condition ${event.data.conditionId} satisfied by ${event.data.by.sub}: ${oneLine(event.data.evidence)}`;
    case 'ClosingHeld': {
      const { closingNumber, totalAllocated, allocations } = event.data;
      const count = allocations.filter((allocation) => allocation.allocated.amount > 0n).length;
      return `Closing ${closingNumber}: ${money(totalAllocated)} issued to ${count} investor${count === 1 ? '' : 's'}`;
    }
    case 'CapTableSet':
      return `Cap table before the round: ${event.data.holders.length} holders, option-pool top-up of ${groupThousands(event.data.optionPoolTopUp)} shares`;
    case 'ManualAllocationProposed':
      return `${event.data.by.sub} proposed manual allocation ${event.data.proposalId} for ${event.data.allocations.length} investor${event.data.allocations.length === 1 ? '' : 's'}`;
    case 'SubscriptionReopened':
      return `${investor(event.data.investorId)}'s subscription is to be signed and accepted again, for ${money(event.data.amount)} instead of ${money(event.data.previousAmount)}`;
    case 'AllocationBasisSet':
      return event.data.basis === 'funded' ? 'Closings allocate only what each investor has paid in' : 'Closings allocate the binding commitments';
    case 'RefundRecorded': {
      const { investorId, amount, valueDate, reference } = event.data;
      return `${money(amount)} refunded to ${investor(investorId)}, value date ${valueDate}, reference ${oneLine(reference)}`;
    }
    case 'AllocationProtected': {
      const { investorId, amount } = event.data;
      return amount.amount === 0n
        ? `Protected allocation of ${investor(investorId)} lifted`
        : `${money(amount)} protected for ${investor(investorId)} at the scale-back`;
    }
    case 'ManualAllocationApproved':
      return `${event.data.by.sub} approved manual allocation ${event.data.proposalId}`;
    case 'RoundClosed': {
      const { totalAllocated, allocations } = event.data;
      // A scale-back may leave a tiny commitment with nothing; it did not take part in the round.
      const count = allocations.filter((allocation) => allocation.allocated.amount > 0n).length;
      return `Round closed: ${money(totalAllocated)} allocated to ${count} investor${count === 1 ? '' : 's'}`;
    }
    case 'RoundCancelled':
      return `Round cancelled: ${oneLine(event.data.reason)}`;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

function learn(event: RoundEvent, context: Context): void {
  if (event.type === 'RoundOpened') context.company = oneLine(event.data.company);
  if (event.type === 'InvestorAdmitted') context.investors.set(event.data.investorId, oneLine(event.data.name));
  if (event.type === 'TermProposed') context.terms.set(event.data.termId, { key: event.data.key, proposedBy: event.data.proposedBy });
}

function termValue(term: Term): string {
  switch (term.key) {
    case 'valuation':
      return `${money(term.value.amount)} ${term.value.basis}`;
    case 'round-size':
      return `target ${money(term.value.targetAmount)}, hard cap ${money(term.value.hardCap)}`;
    case 'liquidation-preference':
      return `${term.value.multiple}x ${term.value.participating ? 'participating' : 'non-participating'}`;
    case 'board-seats':
      return `${term.value} board seat${term.value === 1 ? '' : 's'}`;
    case 'pro-rata-rights':
    case 'board-observer':
    case 'mfn':
      return term.value ? 'granted' : 'not granted';
    case 'information-rights':
      return `${term.value} accounts`;
    default:
      return `"${oneLine(term.value)}"`;
  }
}

/** "5000000000.00" -> "5,000,000,000.00": the digits stay exact, only the grouping is added. */
export function groupThousands(decimal: string): string {
  const [whole, fraction] = decimal.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

const money = (value: Money): string => `${groupThousands(formatAmount(value))} ${value.currency}`;

// Free text (names, reasons, custom terms) may hold line breaks and run long; a summary is one line.
const MAX_TEXT = 120;
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_TEXT ? `${flat.slice(0, MAX_TEXT - 1)}…` : flat;
}
