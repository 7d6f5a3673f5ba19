// OpenRound: its command and its slice of decide, pure like the rest of the round domain.
import { CURRENCIES, isCurrency } from '../../kernel';
import { Command, DISCLOSURES, Decision, DecisionContext, DomainError, EconomicsInvariant, Issues, MAX_NAME_LENGTH, MINIMUM_TICKET_RULES, OVERSUBSCRIPTION_POLICIES, RoundDecide, RoundOpened, RoundState, ValidationError, economicsBreaches, isHiddenFrom, onAnyRound, readAmount, readChoice, readId, readOptionalAmount, readText, readValuation, requireDealLead, stamp } from '../domain';
export type OpenRound = Command<
  'OpenRound',
  {
    readonly roundId: string;
    readonly company: string;
    readonly name: string;
    readonly currency: string;
    readonly targetAmount: string;
    readonly hardCap: string;
    readonly minimumAmount?: string | null;
    readonly minimumTicket?: string | null;
    readonly valuation: { readonly amount: string; readonly basis: string };
    readonly oversubscription: string;
    /** `none` (the default) or `book-totals`: whether investors see the book's totals. */
    readonly disclosure?: string | null;
    /** More deal-leads (`sub`s) who act for the company in this round, besides the one opening it. */
    readonly dealTeam?: readonly unknown[] | null;
    /** `round-up` (the default) or `drop`: an allocation that scale-back takes below the minimum ticket. */
    readonly minimumTicketRule?: string | null;
  }
>;

export const MAX_DEAL_TEAM = 50;

const OPENING_FIELD: Record<EconomicsInvariant, string> = {
  'minimum-amount-above-target': 'minimumAmount',
  'target-above-hard-cap': 'targetAmount',
  'minimum-ticket-above-hard-cap': 'minimumTicket',
  'post-money-not-above-hard-cap': 'valuation.amount',
  'hard-cap-below-total-committed': 'hardCap',
};

/** The rule a round breaks when it would refuse commitments against a book its investors may not see. */
export const REJECT_NEEDS_DISCLOSED_BOOK = 'reject-requires-book-totals';
const REJECT_NEEDS_DISCLOSED_BOOK_MESSAGE =
  '"reject" refuses an amount that does not fit, which tells investors how full the book is: choose "scale-back", or disclose the book with disclosure "book-totals"';

const onRoundAsSeen = onAnyRound(openRound);

/**
 * OpenRound as the write path runs it: on the round as this actor may see it. A round id is one name for
 * every company, though: another deal team's round is hidden, yet its id is taken, which is all this says.
 */
export const decideOpenRound: RoundDecide<OpenRound> = (command, recorded, context: DecisionContext) => {
  if (context.actor.role === 'deal-lead' && isHiddenFrom(recorded, context.actor)) {
    throw new DomainError('ROUND_ALREADY_EXISTS', `Round ${String(command.data.roundId)} already exists`);
  }
  return onRoundAsSeen(command, recorded, context);
};

export function openRound({ data }: OpenRound, state: RoundState, decision: Decision): RoundOpened[] {
  if (state.status === 'open') {
    throw new DomainError('ROUND_ALREADY_EXISTS', `Round ${state.roundId} already exists`);
  }
  if (state.status !== 'none') {
    throw new DomainError('ROUND_NOT_OPEN', `Round ${state.roundId} is ${state.status}`);
  }
  requireDealLead(decision.actor, 'open a round');

  const issues = new Issues();
  const currency = data.currency;
  if (!isCurrency(currency)) {
    // Amounts cannot be read without knowing their exponent, so this one is reported alone.
    issues.add('currency', 'supported-currency', `must be one of ${CURRENCIES.join(', ')}`);
    return issues.fail();
  }
  const { roundId, company, name, disclosure, dealTeam, minimumTicketRule, ...economics } = issues.complete({
    roundId: readId(issues, 'roundId', data.roundId),
    company: readText(issues, 'company', data.company, MAX_NAME_LENGTH),
    name: readText(issues, 'name', data.name, MAX_NAME_LENGTH),
    targetAmount: readAmount(issues, 'targetAmount', data.targetAmount, currency),
    hardCap: readAmount(issues, 'hardCap', data.hardCap, currency),
    minimumAmount: readOptionalAmount(issues, 'minimumAmount', data.minimumAmount, currency),
    minimumTicket: readOptionalAmount(issues, 'minimumTicket', data.minimumTicket, currency),
    valuation: readValuation(issues, 'valuation', data.valuation, currency),
    oversubscription: readChoice(issues, 'oversubscription', data.oversubscription, OVERSUBSCRIPTION_POLICIES),
    // Not saying is the confidential choice: investors learn nothing of the book unless the company opts in.
    disclosure: data.disclosure == null ? 'none' : readChoice(issues, 'disclosure', data.disclosure, DISCLOSURES),
    dealTeam: readDealTeam(issues, data.dealTeam, decision.actor.sub),
    minimumTicketRule:
      data.minimumTicketRule == null ? 'round-up' : readChoice(issues, 'minimumTicketRule', data.minimumTicketRule, MINIMUM_TICKET_RULES),
  });

  // Under `reject` a refused amount says the book is full: against a hidden book, amend probes find its
  // total by bisection (issue 14: 27 probes). So `reject` goes only with a book investors may see anyway.
  // Neither field changes after the opening, so no later command can make the combination.
  if (economics.oversubscription === 'reject' && disclosure === 'none') {
    throw new ValidationError([{ field: 'oversubscription', rule: REJECT_NEEDS_DISCLOSED_BOOK, message: REJECT_NEEDS_DISCLOSED_BOOK_MESSAGE }]);
  }
  const breaches = economicsBreaches(economics, 0n);
  if (breaches.length > 0) {
    throw new ValidationError(
      breaches.map((b) => ({ field: OPENING_FIELD[b.invariant], rule: b.invariant, message: b.message })),
    );
  }
  const facts = { ...stamp(roundId, decision), company, name, currency, ...economics, disclosure, dealTeam, minimumTicketRule };
  return [{ type: 'RoundOpened', data: facts }];
}

/** The opener first, then the others named, each once. */
function readDealTeam(issues: Issues, value: unknown, opener: string): readonly string[] {
  if (value == null) return [opener];
  if (!Array.isArray(value) || value.length > MAX_DEAL_TEAM) {
    issues.add('dealTeam', 'type', `must be a list of at most ${MAX_DEAL_TEAM} deal-lead subs`);
    return [opener];
  }
  const team = [opener];
  value.forEach((sub, index) => {
    const read = readText(issues, `dealTeam[${index}]`, sub, MAX_NAME_LENGTH);
    if (read && !team.includes(read)) team.push(read);
  });
  return team;
}
