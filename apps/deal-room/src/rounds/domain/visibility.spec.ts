import { decide, DecisionContext, RoundCommand } from '../../../../../test/support/rounds/round-decider';
import { DomainError } from './errors';
import { given } from '../../../../../test/support/rounds/given-when-then';
import { Actor } from '../../kernel';
import { RoundEvent, foldRound } from './round';
import { deserialize, serialize } from './round.codec';
import {
  AT,
  admin,
  amount,
  as,
  asDealLead,
  auditor,
  commitmentMade,
  dealLead,
  investorAdmitted,
  otherDealLead,
  investorUser,
  openRoundData,
  roundOpened,
  stampOf,
  termProposed,
} from '../../../../../test/support/rounds/round.fixtures';
import { toView } from './round.view';
import { isHiddenFrom, viewFor } from './visibility';

// "alpha" is the investor reading; "secret" is the other investor whose name, id and amounts must not
// reach alpha in any answer. Amounts are chosen so that each appears in no other figure.
const SECRET_AMOUNT = '612345.67';
const book = (disclosure: 'none' | 'book-totals' = 'none', overrides = {}): RoundEvent[] => [
  roundOpened({ disclosure, ...overrides }),
  investorAdmitted('lead', 'lead'),
  investorAdmitted('alpha', 'major', amount('900000')),
  { type: 'InvestorAdmitted', data: { ...stampOf(), investorId: 'secret', name: 'Secret Sovereign Fund', tier: 'major', maxTicket: null } },
  termProposed('t-theirs', { key: 'x-side-letter', value: 'MFN' }, investorUser('secret'), null, 'secret'),
  termProposed('t-company', { key: 'board-seats', value: 1 }, dealLead, null, 'alpha'),
  termProposed('t-round', { key: 'liquidation-preference', value: { multiple: '1', participating: false } }),
  commitmentMade('secret', SECRET_AMOUNT),
  commitmentMade('alpha', '300000'),
];
const TOTAL = '912345.67';
const alpha = investorUser('alpha');

/** Every figure and name alpha must never learn while the round does not disclose its book. */
const secrets = ['secret', 'Secret Sovereign', SECRET_AMOUNT, TOTAL, 'user-of-secret'];

function refusal(history: readonly RoundEvent[], command: RoundCommand, context: DecisionContext): DomainError | null {
  try {
    decide(command, foldRound(history), context);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

describe('OpenRound disclosure', () => {
  const open = (data: Record<string, unknown>): RoundCommand => ({ type: 'OpenRound', data: { ...openRoundData, ...data } }) as RoundCommand;

  it('records none when not given, and book-totals when asked for', () => {
    given([]).when(open({}), asDealLead).then([roundOpened({ disclosure: 'none' })]);
    given([]).when(open({ disclosure: null }), asDealLead).then([roundOpened({ disclosure: 'none' })]);
    given([]).when(open({ disclosure: 'book-totals' }), asDealLead).then([roundOpened({ disclosure: 'book-totals' })]);
  });

  it('refuses anything else, naming the field', () => {
    for (const bad of ['all', '', 'BOOK-TOTALS', 1, true, { level: 'none' }]) {
      given([]).when(open({ disclosure: bad }), asDealLead).thenThrows('VALIDATION_FAILED', { field: 'disclosure', rule: 'one-of' });
    }
  });

  it('reads a round opened before the option existed as disclosing nothing', () => {
    const { disclosure: _dropped, dealTeam: _team, minimumTicketRule: _rule, ...old } = serialize(roundOpened()).data;
    const opened = deserialize('deal-room.RoundOpened.v1', JSON.parse(JSON.stringify(old)));
    expect(toView(foldRound([opened]))?.disclosure).toBe('none');
  });
});

describe('a round hidden from an investor it did not admit', () => {
  const outsider = investorUser('outsider');
  const closed = [...book().filter((e) => e.type !== 'TermProposed'), ...decide({ type: 'CloseRound', data: {} }, foldRound(book().filter((e) => e.type !== 'TermProposed')), asDealLead)];
  const commands: RoundCommand[] = [
    { type: 'OpenRound', data: { ...openRoundData } } as RoundCommand,
    { type: 'AdmitInvestor', data: { investorId: 'outsider', name: 'O', tier: 'other' } },
    { type: 'ProposeTerm', data: { termId: 't9', key: 'pro-rata-rights', value: true } },
    { type: 'AcceptTerm', data: { termId: 't-company' } },
    { type: 'RejectTerm', data: { termId: 't-company', reason: 'no' } },
    { type: 'WithdrawTerm', data: { termId: 't-theirs' } },
    { type: 'MakeCommitment', data: { investorId: 'outsider', amount: '10', currency: 'CNY' } },
    { type: 'MakeCommitment', data: { investorId: 'secret', amount: 'x', currency: 'CNY' } },
    { type: 'WithdrawCommitment', data: { investorId: 'outsider' } },
    { type: 'CloseRound', data: {} },
    { type: 'CancelRound', data: { reason: 'x' } },
  ];

  it.each(commands.map((command) => [command.type, command] as const))('%s is answered as if there were no round', (_, command) => {
    for (const history of [book(), book('book-totals'), closed]) {
      const answer = refusal(history, command, as(outsider));
      const absent = refusal([], command, as(outsider));
      expect(absent).not.toBeNull();
      expect({ code: answer?.code, message: answer?.message, details: answer?.details }).toEqual({
        code: absent?.code,
        message: absent?.message,
        details: absent?.details,
      });
    }
  });

  it('is hidden from investors it did not admit and deal-leads not on its team', () => {
    const state = foldRound(book());
    expect([outsider, { sub: 'x', role: 'investor' } as Actor, otherDealLead].map((actor) => isHiddenFrom(state, actor))).toEqual([true, true, true]);
    expect([alpha, investorUser('lead'), dealLead, auditor, admin].map((actor) => isHiddenFrom(state, actor))).toEqual([false, false, false, false, false]);
    expect(isHiddenFrom(foldRound([]), outsider)).toBe(false);
  });
});

describe('viewFor', () => {
  const view = (history: readonly RoundEvent[]) => {
    const folded = toView(foldRound(history));
    if (!folded) throw new Error('no round');
    return folded;
  };

  it('shows the deal team, auditors and admins the whole round', () => {
    for (const reader of [dealLead, auditor, admin]) expect(viewFor(view(book()), reader)).toEqual(view(book()));
  });

  it('shows an investor the round, itself and nothing of the others', () => {
    const seen = viewFor(view(book()), alpha);
    expect(seen).toEqual({
      roundId: 'round-a',
      company: 'Acme Robotics',
      name: 'Series A',
      status: 'open',
      currency: 'CNY',
      targetAmount: '1000000.00',
      hardCap: '1500000.00',
      minimumAmount: '500000.00',
      minimumTicket: '10000.00',
      valuation: { amount: '10000000.00', basis: 'post-money' },
      oversubscription: 'reject',
      minimumTicketRule: 'round-up',
      subscriptionDeadline: null,
      fundingDeadline: null,
      conditions: [],
      closings: [],
      closingWindowEndsAt: null,
      protectedAllocations: [],
      allocationBasis: 'committed',
      refunds: [],
      investors: [{ investorId: 'alpha', name: 'alpha Capital', tier: 'major', maxTicket: '900000.00' }],
      // Another investor's own terms (its side letter) are not there at all; its own and the round's are.
      terms: [
        { termId: 't-company', investorId: 'alpha', key: 'board-seats', value: 1, status: 'pending', proposedBy: { side: 'company', sub: dealLead.sub }, supersedes: null, supersededBy: null },
        {
          termId: 't-round',
          investorId: null,
          key: 'liquidation-preference',
          value: { multiple: '1', participating: false },
          status: 'pending',
          proposedBy: { side: 'company', sub: dealLead.sub },
          supersedes: null,
          supersededBy: null,
        },
      ],
      commitments: [{ investorId: 'alpha', amount: '300000.00', currency: 'CNY', status: 'committed', subscription: 'unsigned', documentReference: null, signedAt: null, acceptedAt: null, paidIn: '0.00', fundings: [] }],
      totalCommitted: null,
      allocations: null,
      postMoneyValuation: null,
      openedAt: AT,
      closedAt: null,
      cancelledAt: null,
      cancellationReason: null,
    });
    for (const secret of secrets) expect(JSON.stringify(seen)).not.toContain(secret);
  });

  it('shows an investor its own proposals as its own', () => {
    const seen = viewFor(view([...book(), termProposed('t-alpha', { key: 'pro-rata-rights', value: true }, alpha, null, 'alpha')]), alpha);
    expect(seen?.terms[2].proposedBy).toEqual({ side: 'investor', investorId: 'alpha', sub: alpha.sub });
  });

  it('shows the book total only when the round discloses it', () => {
    expect(viewFor(view(book('book-totals')), alpha)?.totalCommitted).toBe(TOTAL);
    expect(viewFor(view(book('none')), alpha)?.totalCommitted).toBeNull();
  });

  // Before the close an investor sees its own amounts only. At the close it sees what its closing
  // documents show it: its allocation and the post-money capitalisation (so the amount sold), whatever
  // the disclosure; never another investor's figures or the book as committed.
  it('shows an investor only its own allocation, and the post-money once closed, as its closing documents do', () => {
    const settle = (history: RoundEvent[]) => {
      const settled = history.filter((event) => event.type !== 'TermProposed');
      return [...settled, ...decide({ type: 'CloseRound', data: {} }, foldRound(settled), asDealLead)];
    };
    const closed = viewFor(view(settle(book())), alpha);
    // 10 m post-money on the planned 1 m: pre-money 9 m, plus the 912,345.67 sold.
    expect(closed).toMatchObject({ status: 'closed', allocations: [{ investorId: 'alpha', committed: '300000.00', allocated: '300000.00' }], postMoneyValuation: '9912345.67' });
    expect(closed).not.toHaveProperty('totalCommitted', TOTAL);
    for (const secret of ['secret', 'Secret Sovereign', SECRET_AMOUNT, 'user-of-secret']) expect(JSON.stringify(closed)).not.toContain(secret);

    const preMoney = { valuation: { amount: amount('10000000'), basis: 'pre-money' as const } };
    expect(viewFor(view(book('none', preMoney)), alpha)?.postMoneyValuation).toBeNull();
    expect(viewFor(view(settle(book('none', preMoney))), alpha)?.postMoneyValuation).toBe('10912345.67');
  });

  it('has nothing for an investor the view had not admitted', () => {
    expect(viewFor(view(book()), investorUser('outsider'))).toBeNull();
    expect(viewFor(view(book()), { sub: 'x', role: 'investor' })).toBeNull();
  });
});

describe('what refusals tell an investor', () => {
  const commit = (investorId: string, decimal: string): RoundCommand => ({ type: 'MakeCommitment', data: { investorId, amount: decimal, currency: 'CNY' } });
  const roundSize = (termId: string, hardCap: string, supersedes: string | null = null): RoundCommand => ({
    type: 'ProposeTerm',
    data: { termId, key: 'round-size', value: { targetAmount: '500000.00', hardCap }, supersedes },
  });

  it('ROUND_FULL names the room left only to those who may know the book', () => {
    // 1,500,000 cap - 612,345.67 (secret) = 887,654.33 fits for alpha, within its 900,000 max ticket.
    expect(refusal(book(), commit('alpha', '887654.34'), as(alpha))?.message).toBe(
      'A commitment of 887654.34 CNY would take the book above the hard cap of 1500000.00 CNY',
    );
    expect(refusal(book('book-totals'), commit('alpha', '887654.34'), as(alpha))?.message).toBe('Only 887654.33 CNY fits under the hard cap of 1500000.00 CNY');
  });

  it('a cap the lead proposes is not checked against a book it may not know, but acceptance still is', () => {
    const lead = investorUser('lead');
    const proposal = roundSize('t-cap', '600000.00');
    const proposed = given(book()).when(proposal, as(lead)).then([
      termProposed('t-cap', { key: 'round-size', value: { targetAmount: amount('500000'), hardCap: amount('600000') } }, lead),
    ]);
    given(book('book-totals')).when(proposal, as(lead)).thenThrows('VALIDATION_FAILED', { rule: 'hard-cap-below-total-committed' });
    given([...book(), ...proposed]).when({ type: 'AcceptTerm', data: { termId: 't-cap' } }, asDealLead).thenThrows('TERM_CONFLICTS_WITH_ROUND', {
      rule: 'hard-cap-below-total-committed',
    });
    // The lead accepting the company's cap is refused too, without being told how the cap compares with the book.
    const offered = [...book().filter((e) => e.type !== 'TermProposed'), termProposed('t-cap', { key: 'round-size', value: { targetAmount: amount('500000'), hardCap: amount('600000') } })];
    const error = refusal(offered, { type: 'AcceptTerm', data: { termId: 't-cap' } }, as(lead));
    expect(error?.code).toBe('TERM_CONFLICTS_WITH_ROUND');
    expect(JSON.stringify(error?.details)).not.toContain('already committed');
  });

  // Every refusal alpha can provoke in a round that discloses nothing, with inputs that aim at the others.
  it('never names another investor, its amounts or the book total', () => {
    const attempts: RoundCommand[] = [
      commit('alpha', '887654.34'),
      commit('alpha', '1500000.01'),
      commit('alpha', '900000.01'),
      commit('alpha', '1.00'),
      commit('alpha', '10.001'),
      { type: 'MakeCommitment', data: { investorId: 'alpha', amount: '100000', currency: 'USD' } },
      commit('secret', '100000'),
      commit('nobody', '100000'),
      { type: 'WithdrawCommitment', data: { investorId: 'secret' } },
      { type: 'WithdrawCommitment', data: { investorId: 'nobody' } },
      { type: 'AcceptTerm', data: { termId: 't-theirs' } },
      { type: 'AcceptTerm', data: { termId: 't-company' } },
      { type: 'RejectTerm', data: { termId: 't-theirs', reason: 'no' } },
      { type: 'WithdrawTerm', data: { termId: 't-theirs' } },
      { type: 'WithdrawTerm', data: { termId: 't-company' } },
      { type: 'AcceptTerm', data: { termId: 'missing' } },
      { type: 'ProposeTerm', data: { termId: 't-x', key: 'x-side-letter', value: 'me too', supersedes: 't-theirs' } },
      { type: 'ProposeTerm', data: { termId: 't-x', key: 'x-side-letter', value: 'me too' } },
      { type: 'ProposeTerm', data: { termId: 't-theirs', key: 'pro-rata-rights', value: true } },
      roundSize('t-cap', '600000.00'),
      roundSize('t-cap', '50000.00'),
      { type: 'ProposeTerm', data: { termId: 't-v', key: 'valuation', value: { amount: '1000000.00', basis: 'post-money' } } },
      { type: 'AdmitInvestor', data: { investorId: 'secret', name: 'x', tier: 'lead' } },
      { type: 'CloseRound', data: {} },
      { type: 'CancelRound', data: { reason: 'x' } },
      { type: 'OpenRound', data: { ...openRoundData } } as RoundCommand,
    ];
    const told: string[] = [];
    for (const history of [book(), [...book(), commitmentMade('lead', '100000')]]) {
      for (const command of attempts) {
        const error = refusal(history, command, as(alpha));
        if (error) told.push(`${command.type}: ${error.code} ${error.message} ${JSON.stringify(error.details)}`);
      }
    }
    expect(told.length).toBeGreaterThan(attempts.length);
    // Totals, and the room left under the cap, which is a total by another name.
    const derived = ['1012345.67', '887654.33', '787654.33'];
    const leaks = told.filter((line) => [...secrets, ...derived].some((secret) => line.includes(secret)));
    expect(leaks).toEqual([]);
  });
});
