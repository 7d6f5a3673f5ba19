import { CURRENCIES, Money, formatAmount, isCurrency, parseAmount } from '../../kernel';
import { RoundEvent, RoundEventType } from './round';

// The one registry of wire names: `<bounded context>.<EventName>.v<schema version>`. A name is never
// changed or reused; a breaking schema change adds a `.v2` entry and an upcaster from `.v1`.
export const ROUND_EVENT_WIRE_TYPES = {
  RoundOpened: 'deal-room.RoundOpened.v2',
  InvestorAdmitted: 'deal-room.InvestorAdmitted.v1',
  TermProposed: 'deal-room.TermProposed.v2',
  TermAccepted: 'deal-room.TermAccepted.v2',
  TermRejected: 'deal-room.TermRejected.v1',
  TermWithdrawn: 'deal-room.TermWithdrawn.v1',
  CommitmentMade: 'deal-room.CommitmentMade.v1',
  CommitmentAmended: 'deal-room.CommitmentAmended.v1',
  CommitmentWithdrawn: 'deal-room.CommitmentWithdrawn.v1',
  IndicationRecorded: 'deal-room.IndicationRecorded.v1',
  IndicationConfirmed: 'deal-room.IndicationConfirmed.v1',
  IndicationWithdrawn: 'deal-room.IndicationWithdrawn.v1',
  ReconfirmationRequested: 'deal-room.ReconfirmationRequested.v1',
  CommitmentReconfirmed: 'deal-room.CommitmentReconfirmed.v1',
  SubscriptionSigned: 'deal-room.SubscriptionSigned.v1',
  SubscriptionAccepted: 'deal-room.SubscriptionAccepted.v1',
  FundsReceived: 'deal-room.FundsReceived.v1',
  DeadlinesSet: 'deal-room.DeadlinesSet.v1',
  ConditionAdded: 'deal-room.ConditionAdded.v1',
  ConditionSatisfied: 'deal-room.ConditionSatisfied.v1',
  ClosingHeld: 'deal-room.ClosingHeld.v1',
  CapTableSet: 'deal-room.CapTableSet.v1',
  ManualAllocationProposed: 'deal-room.ManualAllocationProposed.v1',
  AllocationProtected: 'deal-room.AllocationProtected.v1',
  AllocationBasisSet: 'deal-room.AllocationBasisSet.v1',
  SubscriptionReopened: 'deal-room.SubscriptionReopened.v1',
  RefundRecorded: 'deal-room.RefundRecorded.v1',
  ManualAllocationApproved: 'deal-room.ManualAllocationApproved.v1',
  RoundClosed: 'deal-room.RoundClosed.v2',
  RoundCancelled: 'deal-room.RoundCancelled.v1',
} as const satisfies Record<RoundEventType, string>;

export type RoundEventWireType = (typeof ROUND_EVENT_WIRE_TYPES)[RoundEventType];
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export interface SerializedEvent {
  readonly type: RoundEventWireType;
  readonly data: { readonly [key: string]: Json };
}

const BY_WIRE_TYPE = new Map<string, RoundEventType>(
  Object.entries(ROUND_EVENT_WIRE_TYPES).map(([name, wire]) => [wire, name as RoundEventType]),
);

type WireData = { readonly [key: string]: Json };

/**
 * Older shapes still in the store, each with the step to the next version. Stored events are never
 * rewritten: they are upcast when read, one version at a time, until they reach the current shape.
 */
const UPCASTERS: Readonly<Record<string, { readonly to: string; readonly up: (data: WireData) => WireData }>> = {
  // v1 closed the book without sealing it to the hash chain; those rounds have no seal to check.
  'deal-room.RoundClosed.v1': { to: 'deal-room.RoundClosed.v2', up: (data) => ({ ...data, sealedHeadHash: null }) },
  // v1 rounds belonged to every deal-lead; they now belong to the one who opened them. `disclosure` was
  // optional (absent meant `none`), and an allocation below the minimum ticket was not looked at.
  'deal-room.RoundOpened.v1': {
    to: 'deal-room.RoundOpened.v2',
    up: (data) => ({
      ...data,
      disclosure: data.disclosure ?? 'none',
      dealTeam: [openerOf(data)],
      minimumTicketRule: 'round-up',
    }),
  },
  // v1 terms were all round-wide.
  'deal-room.TermProposed.v1': { to: 'deal-room.TermProposed.v2', up: (data) => ({ ...data, investorId: null }) },
  'deal-room.TermAccepted.v1': { to: 'deal-room.TermAccepted.v2', up: (data) => ({ ...data, investorId: null }) },
};

function openerOf(data: WireData): string {
  const by = data.by;
  const sub = typeof by === 'object' && by !== null && !Array.isArray(by) ? (by as WireData).sub : undefined;
  if (typeof sub !== 'string') throw new Error('RoundOpened.v1 has no by.sub to make its deal team of');
  return sub;
}

/** Brings an event of any known version to the current wire type and shape. */
export function upcast(type: string, data: WireData): { type: string; data: WireData } {
  let current = { type, data };
  for (let step = UPCASTERS[current.type]; step; step = UPCASTERS[current.type]) {
    current = { type: step.to, data: step.up(current.data) };
  }
  return current;
}

/** True for every round event type, current or older, so readers recognise old streams too. */
export const isRoundEventWireType = (type: string): boolean => BY_WIRE_TYPE.has(type) || type in UPCASTERS;

/**
 * Money goes on the wire as `{ amount: "50000000000.00", currency: "CNY" }`: a decimal string keeps
 * its meaning for a reader without our exponent table, and JSON numbers would lose precision.
 */
export function serialize(event: RoundEvent): SerializedEvent {
  return { type: ROUND_EVENT_WIRE_TYPES[event.type], data: encode(event.data) as SerializedEvent['data'] };
}

export function deserialize(storedType: string, storedData: unknown): RoundEvent {
  if (typeof storedData !== 'object' || storedData === null || Array.isArray(storedData)) {
    throw new Error(`Event ${storedType} has no data object`);
  }
  const { type, data } = upcast(storedType, storedData as WireData);
  const name = BY_WIRE_TYPE.get(type);
  if (!name) throw new Error(`Unknown round event type: ${storedType}`);
  return { type: name, data: decode(data, type) } as RoundEvent;
}

function encode(value: unknown): Json {
  if (isMoney(value)) return { amount: formatAmount(value), currency: value.currency };
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, encode(inner)]));
  }
  // A bare bigint would be a Money that lost its currency; undefined would vanish from the JSON.
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new TypeError(`Cannot put ${String(value)} (${typeof value}) on the wire`);
}

function decode(value: unknown, type: string): unknown {
  if (Array.isArray(value)) return value.map((inner) => decode(inner, type));
  if (typeof value !== 'object' || value === null) return value;
  if (isWireMoney(value)) {
    // Zero is legal here: a scale-back can allocate nothing to a very small commitment.
    const parsed = parseAmount(value.amount, value.currency, { allowZero: true });
    if (!parsed.ok) throw new Error(`Event ${type} has a bad amount "${value.amount}": ${parsed.message}`);
    return parsed.money;
  }
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, decode(inner, type)]));
}

function isMoney(value: unknown): value is Money {
  const candidate = value as Partial<Money> | null;
  return typeof value === 'object' && typeof candidate?.amount === 'bigint' && isCurrency(candidate.currency);
}

function isWireMoney(value: object): value is { amount: string; currency: (typeof CURRENCIES)[number] } {
  const keys = Object.keys(value);
  const candidate = value as { amount?: unknown; currency?: unknown };
  return keys.length === 2 && typeof candidate.amount === 'string' && isCurrency(candidate.currency);
}
