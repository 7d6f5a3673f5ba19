import { CodedError, FieldIssue } from '../../kernel';

// Every code the round domain can answer with. The HTTP layer maps each one to a status and an
// RFC 9457 problem type; keeping the list here lets that mapping be checked exhaustively.
export const DOMAIN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'FORBIDDEN',
  'ROUND_ALREADY_EXISTS',
  'ROUND_NOT_FOUND',
  'ROUND_NOT_OPEN',
  'INVESTOR_NOT_ADMITTED',
  'INVESTOR_ALREADY_ADMITTED',
  'LEAD_INVESTOR_ALREADY_ADMITTED',
  'NO_LEAD_INVESTOR',
  'CURRENCY_MISMATCH',
  'BELOW_MINIMUM_TICKET',
  'ABOVE_MAXIMUM_TICKET',
  'COMMITMENT_EXCEEDS_HARD_CAP',
  'ROUND_FULL',
  'NO_COMMITMENT',
  'TERM_ALREADY_EXISTS',
  'TERM_NOT_FOUND',
  'TERM_NOT_PENDING',
  'TERM_PENDING',
  'TERM_CONFLICTS_WITH_ROUND',
  'NOT_COUNTERPARTY',
  'CANNOT_ACCEPT_OWN_PROPOSAL',
  'NOT_PROPOSER',
  'PENDING_TERMS',
  'BELOW_MINIMUM_AMOUNT',
  'ROUND_TERMS_RESERVED',
  'COMMITMENT_IS_INVESTORS',
  'NO_INDICATION',
  'NOT_AWAITING_RECONFIRMATION',
  'RECONFIRMATION_PENDING',
  'COMMITMENT_NOT_CONFIRMED',
  'SUBSCRIPTION_ALREADY_SIGNED',
  'SUBSCRIPTION_NOT_SIGNED',
  'SUBSCRIPTION_ALREADY_ACCEPTED',
  'SUBSCRIPTION_NOT_ACCEPTED',
  'SUBSCRIPTION_SIGNED',
  'FUNDING_EXCEEDS_SUBSCRIPTION',
  'FUNDING_ALREADY_RECORDED',
  'CONDITION_ALREADY_EXISTS',
  'CONDITION_NOT_FOUND',
  'CONDITION_ALREADY_SATISFIED',
  'CONDITIONS_OPEN',
  'NOTHING_TO_CLOSE',
  'CLOSING_WINDOW_ENDED',
  'TERMS_FIXED_BY_CLOSING',
  'ALLOCATION_ALREADY_PROPOSED',
  'ALLOCATION_NOT_FOUND',
  'ALLOCATION_ALREADY_APPROVED',
  'FOUR_EYES_REQUIRED',
  'MANUAL_ALLOCATION_STALE',
  'PROTECTED_ALLOCATION_EXCEEDS_COMMITMENT',
  'PROTECTED_ALLOCATIONS_EXCEED_CAP',
  'INVESTOR_ALREADY_CLOSED',
  'ALLOCATION_NOT_FINAL',
  'REFUND_EXCEEDS_OVERPAYMENT',
  'REFUND_ALREADY_RECORDED',
  'BELOW_PAID_IN',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** A refusal by the round's rules; its code is one of DOMAIN_ERROR_CODES. */
export class DomainError extends CodedError<DomainErrorCode> {}

export class ValidationError extends DomainError {
  constructor(details: readonly FieldIssue[]) {
    super('VALIDATION_FAILED', describe(details), details);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

function describe(details: readonly FieldIssue[]): string {
  return `Invalid input: ${details.map((d) => `${d.field} (${d.rule})`).join(', ')}`;
}
