import type { WriteErrorCode } from '../event-sourcing/write-errors';
import type { DomainErrorCode } from '../rounds/domain';
import { DOMAIN_PROBLEMS, SHELL_PROBLEMS, ShellProblemCode, WRITE_PROBLEMS } from './problem-details';

export type ProblemCode = DomainErrorCode | WriteErrorCode | ShellProblemCode;

export interface CatalogEntry {
  readonly code: ProblemCode;
  readonly status: number;
  readonly title: string;
  /** For people reading `/problems/<code>`: what it means and what to do. */
  readonly explanation: string;
}

// Exhaustive on purpose, like the status tables: a new code does not compile until it is explained here.
const EXPLANATIONS: Readonly<Record<ProblemCode, string>> = {
  VALIDATION_FAILED: 'A field of the request broke a rule. `errors` lists each one: the field (dotted path), the rule and a message. Nothing was written.',
  FORBIDDEN: 'The token is valid, but its role (or, for an investor, its firm) may not do this. The detail names the roles that may.',
  NOT_COUNTERPARTY: 'Only the other side of a proposed term may accept or reject it: the company for an investor\'s proposal and the investor for the company\'s.',
  CANNOT_ACCEPT_OWN_PROPOSAL: 'A party cannot accept a term it proposed itself; the counterparty accepts it, or the proposer withdraws it.',
  NOT_PROPOSER: 'Only the party that proposed a term may withdraw it.',
  ROUND_NOT_FOUND: 'No such round, or not one the caller may know of: an investor not admitted to a round gets this answer, exactly as for a round never opened.',
  TERM_NOT_FOUND: 'The round has no term with this id.',
  ROUND_ALREADY_EXISTS: 'A round with this `roundId` was opened already. Choose another id, or leave `roundId` out to get a new one.',
  TERM_PENDING: 'A term under this key is still pending; it must be accepted, rejected or withdrawn (or superseded with `supersedes`) before another is proposed.',
  TERM_ALREADY_EXISTS: 'A term with this id exists already in the round.',
  INVESTOR_ALREADY_ADMITTED: 'This investor is already admitted to the round.',
  LEAD_INVESTOR_ALREADY_ADMITTED: 'The round has a lead investor already; another investor may be admitted, but not as lead.',
  ROUND_NOT_OPEN: 'The round is closed or cancelled: nothing more can be written to it.',
  INVESTOR_NOT_ADMITTED: 'The investor has not been admitted to the round, so it cannot commit or propose there.',
  NO_LEAD_INVESTOR: 'The round cannot close without a lead investor.',
  CURRENCY_MISMATCH: 'An amount is in another currency than the round\'s. Every amount of a round is in the currency it was opened with.',
  BELOW_MINIMUM_TICKET: 'The commitment is below the round\'s minimum ticket.',
  ABOVE_MAXIMUM_TICKET: 'The commitment is above the largest ticket the round accepts.',
  COMMITMENT_EXCEEDS_HARD_CAP: 'The commitment on its own is larger than the round\'s hard cap.',
  ROUND_FULL: 'With this commitment the book would pass the hard cap of a round that rejects oversubscription. Those who may see the book are told the room left.',
  NO_COMMITMENT: 'The investor has no commitment to withdraw.',
  TERM_NOT_PENDING: 'The term was accepted, rejected or withdrawn already.',
  TERM_CONFLICTS_WITH_ROUND: 'Accepting the term would contradict the round as it stands (for example a hard cap below what is committed).',
  PENDING_TERMS: 'The round cannot close while terms are pending: accept, reject or withdraw them first.',
  ROUND_TERMS_RESERVED: 'Round-wide economics (valuation, round size, liquidation preference) are proposed by the company or the lead investor only; another investor negotiates terms of its own (a board seat, information rights...).',
  COMMITMENT_IS_INVESTORS: 'A commitment belongs to its investor: only that investor withdraws it. The deal team may record an indication, which binds nobody until the investor confirms it.',
  NO_INDICATION: 'There is no indication recorded by the company for this investor to confirm.',
  NOT_AWAITING_RECONFIRMATION: 'The investor has no commitment waiting to be re-confirmed: only a change of price, size or another economic term after commitments were made asks for re-confirmation.',
  RECONFIRMATION_PENDING: 'The economics changed after this commitment was made: the investor re-confirms, amends or withdraws it before its subscription is accepted or the round closes.',
  COMMITMENT_NOT_CONFIRMED: 'The commitment is an indication recorded by the company: the investor confirms it before signing a subscription.',
  SUBSCRIPTION_ALREADY_SIGNED: 'The investor has signed its subscription already (or it was accepted since).',
  SUBSCRIPTION_NOT_SIGNED: 'The company accepts (countersigns) a subscription only once the investor has signed it.',
  SUBSCRIPTION_ALREADY_ACCEPTED: 'The company has accepted this subscription already.',
  SUBSCRIPTION_NOT_ACCEPTED: 'Money is recorded against an accepted (countersigned) subscription only.',
  SUBSCRIPTION_SIGNED: 'The investor has signed a subscription for this commitment: it can no longer be amended or withdrawn through the round.',
  FUNDING_EXCEEDS_SUBSCRIPTION: 'The payment is more than what is still outstanding on the subscription; the detail gives the outstanding amount.',
  FUNDING_ALREADY_RECORDED: 'A payment with this bank reference is already recorded for the investor: a payment is recorded once.',
  CONDITION_ALREADY_EXISTS: 'The round has a closing condition with this id already.',
  CONDITION_NOT_FOUND: 'The round has no closing condition with this id.',
  CONDITION_ALREADY_SATISFIED: 'The condition was satisfied already, with its evidence; it is not satisfied twice.',
  CONDITIONS_OPEN: 'The round cannot close while conditions of the close are open; the detail lists them. Satisfy each with its evidence first.',
  NOTHING_TO_CLOSE: 'A closing issues shares to investors with an accepted subscription fully paid in; none is waiting.',
  CLOSING_WINDOW_ENDED: 'Later closings are taken within the window after the initial close, which has ended: close the round instead.',
  TERMS_FIXED_BY_CLOSING: 'Shares were issued at a closing on the current economics and cap table: they cannot change any more.',
  ALLOCATION_ALREADY_PROPOSED: 'A manual allocation with this id exists already.',
  ALLOCATION_NOT_FOUND: 'The round has no manual allocation with this id.',
  ALLOCATION_ALREADY_APPROVED: 'This manual allocation is approved already.',
  FOUR_EYES_REQUIRED: 'A manual allocation is approved by a member of the deal team other than the one who prepared it.',
  MANUAL_ALLOCATION_STALE: 'The book or its protected allocations changed after the manual allocation was approved: propose and approve a new one before closing.',
  PROTECTED_ALLOCATION_EXCEEDS_COMMITMENT: 'An investor\'s protected allocation is more than its binding commitment (or it has none): lower or lift the protection, or the investor commits more.',
  PROTECTED_ALLOCATIONS_EXCEED_CAP: 'The protected allocations together are more than the hard cap leaves to sell: they are allocated first, so they must fit.',
  ALLOCATION_NOT_FINAL: 'Money is refunded once the investor\'s allocation is final: after its closing, the close, or the cancellation.',
  REFUND_EXCEEDS_OVERPAYMENT: 'The refund is more than the investor paid in beyond its allocation, less what was refunded already.',
  BELOW_PAID_IN: 'A signed subscription may be amended, but not below what the investor has already paid in against it.',
  REFUND_ALREADY_RECORDED: 'A refund with that bank reference is already recorded for the investor.',
  INVESTOR_ALREADY_CLOSED: 'The investor was issued its shares at an earlier closing; its allocation is settled.',
  BELOW_MINIMUM_AMOUNT: 'The book is below the round\'s minimum amount, so the round cannot close.',
  REVISION_MISMATCH: 'The round moved on since the revision given in `If-Match`. Read it again (its `ETag`), decide again and retry.',
  CONCURRENCY_CONFLICT: 'Other writes to the same round kept winning the race. Retry after the `Retry-After` seconds.',
  IDEMPOTENCY_KEY_REUSED: 'This `Idempotency-Key` was used already for a different request (route, body or caller). Use a new key for a new request.',
  EVENT_STORE_UNAVAILABLE: 'The event store cannot be reached right now. Nothing was written; retry after the `Retry-After` seconds.',
  UNAUTHENTICATED: 'The request has no bearer token, or its token is expired, malformed or signed with another key. A token minted by `npm run token` against another data directory is signed with another secret.',
  ROUTE_NOT_FOUND: 'No endpoint has this method and path. The API is described at `/docs`.',
  MALFORMED_JSON: 'The request body is not valid JSON.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than 64 KiB.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body must be JSON in UTF-8, sent as `Content-Type: application/json`.',
  INCOMPLETE_BODY: 'The request body ended before the length it declared.',
  MALFORMED_REQUEST: 'The request is not valid HTTP/1.1 (an unknown method, a malformed header, both `Content-Length` and `Transfer-Encoding`...) or its path is not valid percent-encoding; the detail says which. The connection is closed after an HTTP-level refusal. Nothing was written.',
  REQUEST_TIMEOUT: 'The request line, headers and body were not all received within the server\'s time limit, so the request was dropped and the connection closed. Nothing was written.',
  HEADERS_TOO_LARGE: 'The request line and headers together are larger than the server accepts (16 KiB). The connection is closed. Nothing was written.',
  BODY_TOO_DEEP: 'The JSON body is nested more than 16 levels deep.',
  ARRAY_TOO_LONG: 'An array in the request has more than 1,000 items.',
  FORBIDDEN_KEY: '`__proto__`, `constructor` and `prototype` may not be used as keys anywhere in a body or a query string.',
  RATE_LIMITED: 'Too many requests a minute from this token or this client address. Wait for the `Retry-After` seconds.',
  INTERNAL_ERROR: 'The server failed. The failure is logged under the `X-Request-Id` of the answer: quote it when reporting the problem.',
  IDENTITY_PROVIDER_UNAVAILABLE: 'The identity provider\'s key set (`AUTH_JWKS_URL`) could not be fetched, so the token cannot be checked. Retry shortly.',
  PROJECTION_BEHIND: 'The read model has not reached the `minPosition` asked for within `maxWait`. Retry after the `Retry-After` seconds; stale data is never served instead.',
  PROJECTION_NOT_FOUND: 'No projection has this name; `GET /projections` lists them.',
  REVISION_NOT_FOUND: 'The round has no event at the `atRevision` asked for yet.',
  ACCESS_LOG_UNAVAILABLE: 'The read could not be recorded in the access log, so it was refused. Retry shortly.',
  CAP_TABLE_NOT_SET: 'The deal lead has not set the round\'s cap table yet (PUT /rounds/{roundId}/cap-table); there is nothing to show.',
  RECEIPT_NOT_FOUND: 'There is no receipt for that revision of the round that you may fetch: the revision does not exist yet, or it records another investor\'s action.',
  HISTORY_NOT_INTACT: 'The round\'s history up to that revision does not verify, so nothing is signed for it. Run GET /rounds/{roundId}/verify (or npm run audit -- verify) to see what is wrong.',
  ANCHOR_NOT_FOUND: 'No anchor has been recorded yet: the first is written once a round has moved and the anchor interval has passed (or an admin asks with POST /anchors).',
  STREAM_NOT_FOUND: 'Nothing has been recorded in that log stream yet, so there is nothing to export or verify.',
};

const entry = (code: ProblemCode, status: number, title: string): CatalogEntry => ({ code, status, title, explanation: EXPLANATIONS[code] });

/** Every problem code the API answers with, by code. */
export const PROBLEM_CATALOG: ReadonlyMap<string, CatalogEntry> = new Map(
  [
    ...Object.entries(DOMAIN_PROBLEMS).map(([code, { status, title }]) => entry(code as DomainErrorCode, status, title)),
    ...Object.entries(WRITE_PROBLEMS).map(([code, { status, title }]) => entry(code as WriteErrorCode, status, title)),
    ...Object.entries(SHELL_PROBLEMS).map(([code, { status, title }]) => entry(code as ShellProblemCode, status, title)),
  ].map((catalogEntry) => [catalogEntry.code, catalogEntry]),
);
