import fc from 'fast-check';
import { CURRENCIES, money } from '../../kernel';
import { RoundEvent, RoundEventType } from './round';
import { ROUND_EVENT_WIRE_TYPES, deserialize, isRoundEventWireType, serialize } from './round.codec';
import {
  amount,
  commitmentAmended,
  commitmentMade,
  commitmentWithdrawn,
  company,
  investorAdmitted,
  investorParty,
  investorUser,
  roundOpened,
  stampOf,
  termProposed,
} from '../../../../../test/support/rounds/round.fixtures';

const oneOfEach: Record<RoundEventType, RoundEvent> = {
  RoundOpened: roundOpened(),
  InvestorAdmitted: investorAdmitted('alpha', 'lead', amount('250000.00')),
  TermProposed: termProposed(
    't2',
    { key: 'valuation', value: { amount: amount('12000000'), basis: 'pre-money' } },
    investorUser('alpha'),
    't1',
  ),
  TermAccepted: {
    type: 'TermAccepted',
    data: {
      ...stampOf(),
      termId: 't3',
      key: 'liquidation-preference',
      value: { multiple: '1.5', participating: false },
      investorId: null,
      acceptedBy: company(),
    },
  },
  TermRejected: {
    type: 'TermRejected',
    data: { ...stampOf(), termId: 't4', rejectedBy: investorParty('lead'), reason: null },
  },
  TermWithdrawn: { type: 'TermWithdrawn', data: { ...stampOf(), termId: 't5' } },
  CommitmentMade: commitmentMade('alpha', '50000000000.00'),
  CommitmentAmended: commitmentAmended('alpha', '1.00', '2.50'),
  CommitmentWithdrawn: commitmentWithdrawn('alpha', '2.50'),
  RoundClosed: {
    type: 'RoundClosed',
    data: {
      ...stampOf(),
      totalCommitted: amount('0.16'),
      totalAllocated: amount('0.10'),
      postMoneyValuation: amount('1.00'),
      sealedHeadHash: null,
      allocations: [
        { investorId: 'ant', committed: amount('0.09'), allocated: amount('0.06'), ownership: '0.0600000000' },
        { investorId: 'cat', committed: amount('0.01'), allocated: amount('0.00'), ownership: '0.0000000000' },
      ],
    },
  },
  RoundCancelled: { type: 'RoundCancelled', data: { ...stampOf(), reason: 'Company withdrew' } },
  IndicationRecorded: { type: 'IndicationRecorded', data: { ...stampOf(), investorId: 'alpha', amount: amount('10.00'), previousAmount: null } },
  IndicationConfirmed: { type: 'IndicationConfirmed', data: { ...stampOf(investorUser('alpha')), investorId: 'alpha', amount: amount('10.00') } },
  IndicationWithdrawn: { type: 'IndicationWithdrawn', data: { ...stampOf(), investorId: 'alpha', amount: amount('10.00') } },
  ReconfirmationRequested: { type: 'ReconfirmationRequested', data: { ...stampOf(investorUser('lead')), termId: 't3', investorIds: ['alpha', 'beta'] } },
  CommitmentReconfirmed: { type: 'CommitmentReconfirmed', data: { ...stampOf(investorUser('alpha')), investorId: 'alpha', amount: amount('10.00') } },
  SubscriptionSigned: { type: 'SubscriptionSigned', data: { ...stampOf(investorUser('alpha')), investorId: 'alpha', amount: amount('10.00'), documentReference: 'SA-1' } },
  SubscriptionAccepted: { type: 'SubscriptionAccepted', data: { ...stampOf(), investorId: 'alpha', amount: amount('10.00') } },
  FundsReceived: { type: 'FundsReceived', data: { ...stampOf(), investorId: 'alpha', amount: amount('4.00'), valueDate: '2025-03-02', reference: 'MT103-1' } },
  ConditionAdded: { type: 'ConditionAdded', data: { ...stampOf(), conditionId: 'c1', title: 'SAMR filing', investorId: null } },
  ConditionSatisfied: { type: 'ConditionSatisfied', data: { ...stampOf(), conditionId: 'c1', evidence: 'SAMR 2025-0142' } },
  ClosingHeld: {
    type: 'ClosingHeld',
    data: {
      ...stampOf(),
      closingNumber: 1,
      allocations: [{ investorId: 'ant', committed: amount('0.09'), allocated: amount('0.06'), ownership: '0.0600000000' }],
      totalAllocated: amount('0.06'),
      postMoneyValuation: amount('1.00'),
      sealedHeadHash: 'ab'.repeat(32),
      windowEndsAt: '2025-05-30T09:00:00.000Z',
    },
  },
  CapTableSet: {
    type: 'CapTableSet',
    data: { ...stampOf(), holders: [{ holderId: 'founder', name: 'Founder', kind: 'shareholder', shares: '6000000' }], optionPoolTopUp: '500000' },
  },
  ManualAllocationProposed: {
    type: 'ManualAllocationProposed',
    data: { ...stampOf(), proposalId: 'p1', allocations: [{ investorId: 'alpha', amount: amount('5.00') }, { investorId: 'beta', amount: amount('0.00') }] },
  },
  ManualAllocationApproved: { type: 'ManualAllocationApproved', data: { ...stampOf(), proposalId: 'p1' } },
  SubscriptionReopened: { type: 'SubscriptionReopened', data: { ...stampOf(), investorId: 'alpha', previousAmount: amount('5.00'), amount: amount('6.00'), previousDocumentReference: 'SA-1' } },
  AllocationBasisSet: { type: 'AllocationBasisSet', data: { ...stampOf(), basis: 'funded' } },
  RefundRecorded: { type: 'RefundRecorded', data: { ...stampOf(), investorId: 'alpha', amount: amount('5.00'), valueDate: '2025-03-01', reference: 'RF-1' } },
  AllocationProtected: { type: 'AllocationProtected', data: { ...stampOf(), investorId: 'lead', amount: amount('5.00'), previousAmount: amount('0.00') } },
  DeadlinesSet: { type: 'DeadlinesSet', data: { ...stampOf(), subscriptionDeadline: '2025-04-01T00:00:00.000Z', fundingDeadline: null } },
};

const overTheWire = (event: RoundEvent) => {
  const { type, data } = serialize(event);
  return deserialize(type, JSON.parse(JSON.stringify(data)));
};

describe('round event codec', () => {
  it('names every event with a versioned wire type', () => {
    for (const [name, wire] of Object.entries(ROUND_EVENT_WIRE_TYPES)) {
      expect(wire).toMatch(new RegExp(`^deal-room\\.${name}\\.v\\d+$`));
      expect(isRoundEventWireType(wire)).toBe(true);
    }
    expect(new Set(Object.values(ROUND_EVENT_WIRE_TYPES)).size).toBe(Object.keys(oneOfEach).length);
  });

  it('reads a RoundClosed stored in its v1 shape, before the book was sealed, as the current event', () => {
    // Exactly what v1 wrote: no sealedHeadHash. It is upcast on read and never rewritten.
    const { sealedHeadHash: _absent, ...v1Data } = serialize(oneOfEach.RoundClosed).data;
    const read = deserialize('deal-room.RoundClosed.v1', JSON.parse(JSON.stringify(v1Data)));
    expect(read).toEqual({ ...oneOfEach.RoundClosed, data: { ...oneOfEach.RoundClosed.data, sealedHeadHash: null } });
    expect(isRoundEventWireType('deal-room.RoundClosed.v1')).toBe(true);
    expect(serialize(read).type).toBe('deal-room.RoundClosed.v2');
  });

  it('reads a RoundOpened v1 as owned by its opener alone, disclosing nothing unless it said so', () => {
    const { dealTeam: _team, minimumTicketRule: _rule, disclosure: _disclosure, ...v1Data } = serialize(oneOfEach.RoundOpened).data;
    const read = deserialize('deal-room.RoundOpened.v1', JSON.parse(JSON.stringify(v1Data)));
    expect(read).toEqual({
      ...oneOfEach.RoundOpened,
      data: { ...oneOfEach.RoundOpened.data, disclosure: 'none', dealTeam: ['user-dana'], minimumTicketRule: 'round-up' },
    });
    const withTotals = deserialize('deal-room.RoundOpened.v1', { ...v1Data, disclosure: 'book-totals' });
    expect(withTotals.type === 'RoundOpened' && withTotals.data.disclosure).toBe('book-totals');
    expect(serialize(read).type).toBe('deal-room.RoundOpened.v2');
  });

  it.each(['TermProposed', 'TermAccepted'] as const)('reads a %s v1 as a round-wide term', (name) => {
    const { investorId: _scope, ...v1Data } = serialize(oneOfEach[name]).data;
    const read = deserialize(`deal-room.${name}.v1`, JSON.parse(JSON.stringify(v1Data)));
    expect(read).toEqual({ ...oneOfEach[name], data: { ...oneOfEach[name].data, investorId: null } });
    expect(serialize(read).type).toBe(`deal-room.${name}.v2`);
  });

  it.each(Object.entries(oneOfEach))('round-trips %s exactly through JSON', (_, event) => {
    expect(overTheWire(event)).toEqual(event);
    expect(serialize(overTheWire(event))).toEqual(serialize(event));
  });

  it('puts money on the wire as decimal strings with their currency', () => {
    expect(serialize(oneOfEach.CommitmentMade)).toEqual({
      type: 'deal-room.CommitmentMade.v1',
      data: {
        ...stampOf(investorUser('alpha')),
        investorId: 'alpha',
        amount: { amount: '50000000000.00', currency: 'CNY' },
      },
    });
    const wire = JSON.stringify(serialize(oneOfEach.RoundOpened));
    expect(wire).toContain('"hardCap":{"amount":"1500000.00","currency":"CNY"}');
    expect(wire).toContain('"valuation":{"amount":{"amount":"10000000.00","currency":"CNY"},"basis":"post-money"}');
  });

  it('round-trips any amount in any currency', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n - 1n }), fc.constantFrom(...CURRENCIES), (minor, currency) => {
        const data = { ...stampOf(), investorId: 'x', amount: money(minor, currency) };
        const event: RoundEvent = { type: 'CommitmentMade', data };
        expect(overTheWire(event)).toEqual(event);
      }),
    );
  });

  it('refuses unknown types and damaged amounts', () => {
    expect(() => deserialize('deal-room.RoundOpened.v9', {})).toThrow('Unknown round event type');
    expect(() => deserialize('RoundOpened', {})).toThrow('Unknown round event type');
    expect(() => deserialize('deal-room.RoundCancelled.v1', null)).toThrow('no data object');
    const damaged = { ...serialize(oneOfEach.CommitmentMade).data, amount: { amount: '1.5e3', currency: 'CNY' } };
    expect(() => deserialize('deal-room.CommitmentMade.v1', damaged)).toThrow('bad amount "1.5e3"');
  });

  it('refuses values JSON cannot carry faithfully', () => {
    const broken = { type: 'RoundCancelled', data: { ...stampOf(), reason: Number.NaN } } as unknown as RoundEvent;
    expect(() => serialize(broken)).toThrow(TypeError);
  });
});
