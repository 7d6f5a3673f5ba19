import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { ApplicationError, FieldProblem } from '../common/application-error';
import { isStoreUnreachable, storeUnavailable, WriteError, WriteErrorCode } from '../event-sourcing/write-errors';
import { DomainErrorCode, isDomainError } from '../rounds/domain';
import { fromFastifyError } from './json-body';

/** 5xx answers that are part of normal operation, not faults worth a stack trace in the log. */
const ROUTINE_SERVER_ANSWERS = new Set(['PROJECTION_BEHIND']);

/** An RFC 9457 problem, plus `code` (stable, for programs) and `errors` (one per broken field rule). */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly errors?: readonly FieldProblem[];
  /** How many field problems were left out of `errors` (MAX_LISTED_ERRORS); absent when none were. */
  readonly errorsOmitted?: number;
  readonly instance?: string;
}

/**
 * Field problems listed in one answer. A 64 KiB body of 6,500 unknown keys has 6,500 problems; listing
 * them all made a 699 KB answer, ten times the request. The first ones tell a client what to fix.
 */
export const MAX_LISTED_ERRORS = 20;
/** Characters kept of a field name or message: an unknown key is echoed back, and keys can be long. */
export const MAX_ECHOED_LENGTH = 200;

/** Text cut to MAX_ECHOED_LENGTH characters, marked with an ellipsis where it was cut. */
export const clipEcho = (text: string): string => (text.length <= MAX_ECHOED_LENGTH ? text : `${text.slice(0, MAX_ECHOED_LENGTH - 1)}…`);

export interface Problem {
  readonly body: ProblemDetails;
  readonly headers: Readonly<Record<string, string>>;
  /** A fault of the server rather than a refusal of the request: log it, with its stack. */
  readonly unexpected: boolean;
}

export interface RequestLine {
  readonly method: string;
  /** Without the query string, which may carry things that have no place in a response or a log. */
  readonly path: string;
}

type DomainStatus = 400 | 403 | 404 | 409 | 422;

// Exhaustive on purpose: a new domain code does not compile until it has a status and a title.
export const DOMAIN_PROBLEMS: Readonly<Record<DomainErrorCode, { status: DomainStatus; title: string }>> = {
  VALIDATION_FAILED: { status: 400, title: 'Invalid request' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  NOT_COUNTERPARTY: { status: 403, title: 'Not the counterparty' },
  CANNOT_ACCEPT_OWN_PROPOSAL: { status: 403, title: 'Cannot accept own proposal' },
  NOT_PROPOSER: { status: 403, title: 'Not the proposer' },
  ROUND_NOT_FOUND: { status: 404, title: 'Round not found' },
  TERM_NOT_FOUND: { status: 404, title: 'Term not found' },
  ROUND_ALREADY_EXISTS: { status: 409, title: 'Round already exists' },
  TERM_PENDING: { status: 409, title: 'Term already pending' },
  TERM_ALREADY_EXISTS: { status: 409, title: 'Term already exists' },
  INVESTOR_ALREADY_ADMITTED: { status: 409, title: 'Investor already admitted' },
  LEAD_INVESTOR_ALREADY_ADMITTED: { status: 409, title: 'Lead investor already admitted' },
  ROUND_NOT_OPEN: { status: 422, title: 'Round not open' },
  INVESTOR_NOT_ADMITTED: { status: 422, title: 'Investor not admitted' },
  NO_LEAD_INVESTOR: { status: 422, title: 'No lead investor' },
  CURRENCY_MISMATCH: { status: 422, title: 'Currency mismatch' },
  BELOW_MINIMUM_TICKET: { status: 422, title: 'Below minimum ticket' },
  ABOVE_MAXIMUM_TICKET: { status: 422, title: 'Above maximum ticket' },
  COMMITMENT_EXCEEDS_HARD_CAP: { status: 422, title: 'Commitment exceeds hard cap' },
  ROUND_FULL: { status: 422, title: 'Round full' },
  NO_COMMITMENT: { status: 422, title: 'No commitment' },
  TERM_NOT_PENDING: { status: 422, title: 'Term not pending' },
  TERM_CONFLICTS_WITH_ROUND: { status: 422, title: 'Term conflicts with round' },
  PENDING_TERMS: { status: 422, title: 'Terms still pending' },
  BELOW_MINIMUM_AMOUNT: { status: 422, title: 'Below minimum amount' },
  ROUND_TERMS_RESERVED: { status: 403, title: 'Round terms reserved' },
  COMMITMENT_IS_INVESTORS: { status: 403, title: 'Commitment is the investors own' },
  NO_INDICATION: { status: 422, title: 'No indication to confirm' },
  NOT_AWAITING_RECONFIRMATION: { status: 422, title: 'Nothing to reconfirm' },
  RECONFIRMATION_PENDING: { status: 422, title: 'Reconfirmation pending' },
  COMMITMENT_NOT_CONFIRMED: { status: 422, title: 'Commitment not confirmed' },
  SUBSCRIPTION_ALREADY_SIGNED: { status: 409, title: 'Subscription already signed' },
  SUBSCRIPTION_NOT_SIGNED: { status: 422, title: 'Subscription not signed' },
  SUBSCRIPTION_ALREADY_ACCEPTED: { status: 409, title: 'Subscription already accepted' },
  SUBSCRIPTION_NOT_ACCEPTED: { status: 422, title: 'Subscription not accepted' },
  SUBSCRIPTION_SIGNED: { status: 409, title: 'Subscription signed' },
  FUNDING_EXCEEDS_SUBSCRIPTION: { status: 422, title: 'Funding exceeds subscription' },
  FUNDING_ALREADY_RECORDED: { status: 409, title: 'Funding already recorded' },
  CONDITION_ALREADY_EXISTS: { status: 409, title: 'Condition already exists' },
  CONDITION_NOT_FOUND: { status: 404, title: 'Condition not found' },
  CONDITION_ALREADY_SATISFIED: { status: 409, title: 'Condition already satisfied' },
  CONDITIONS_OPEN: { status: 422, title: 'Conditions open' },
  NOTHING_TO_CLOSE: { status: 422, title: 'Nothing to close' },
  CLOSING_WINDOW_ENDED: { status: 422, title: 'Closing window ended' },
  TERMS_FIXED_BY_CLOSING: { status: 422, title: 'Terms fixed by closing' },
  ALLOCATION_ALREADY_PROPOSED: { status: 409, title: 'Allocation already proposed' },
  ALLOCATION_NOT_FOUND: { status: 404, title: 'Allocation not found' },
  ALLOCATION_ALREADY_APPROVED: { status: 409, title: 'Allocation already approved' },
  FOUR_EYES_REQUIRED: { status: 403, title: 'Four eyes required' },
  MANUAL_ALLOCATION_STALE: { status: 422, title: 'Manual allocation stale' },
  PROTECTED_ALLOCATION_EXCEEDS_COMMITMENT: { status: 422, title: 'Protected allocation exceeds commitment' },
  PROTECTED_ALLOCATIONS_EXCEED_CAP: { status: 422, title: 'Protected allocations exceed the hard cap' },
  ALLOCATION_NOT_FINAL: { status: 422, title: 'Allocation not final' },
  REFUND_EXCEEDS_OVERPAYMENT: { status: 422, title: 'Refund exceeds overpayment' },
  BELOW_PAID_IN: { status: 422, title: 'Below paid in' },
  REFUND_ALREADY_RECORDED: { status: 409, title: 'Refund already recorded' },
  INVESTOR_ALREADY_CLOSED: { status: 409, title: 'Investor already closed' },
};

// The write path's own refusals; `retry` adds Retry-After: 1, as the same request may well pass shortly.
export const WRITE_PROBLEMS: Readonly<Record<WriteErrorCode, { status: 409 | 412 | 422 | 503; title: string; retry?: true }>> = {
  REVISION_MISMATCH: { status: 412, title: 'Revision mismatch' },
  CONCURRENCY_CONFLICT: { status: 409, title: 'Concurrent update conflict', retry: true },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency key reused' },
  EVENT_STORE_UNAVAILABLE: { status: 503, title: 'Event store unavailable', retry: true },
};

// Codes raised outside the domain, with the status they are raised with (listed for /problems and /docs).
// A code missing here still gets a title, derived from its name.
export const SHELL_PROBLEMS = {
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  ROUTE_NOT_FOUND: { status: 404, title: 'Route not found' },
  MALFORMED_JSON: { status: 400, title: 'Malformed JSON body' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  INCOMPLETE_BODY: { status: 400, title: 'Incomplete body' },
  MALFORMED_REQUEST: { status: 400, title: 'Malformed request' },
  REQUEST_TIMEOUT: { status: 408, title: 'Request timeout' },
  HEADERS_TOO_LARGE: { status: 431, title: 'Request headers too large' },
  INTERNAL_ERROR: { status: 500, title: 'Internal error' },
  IDENTITY_PROVIDER_UNAVAILABLE: { status: 503, title: 'Identity provider unavailable' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  BODY_TOO_DEEP: { status: 400, title: 'Request body nested too deep' },
  ARRAY_TOO_LONG: { status: 400, title: 'Array too long' },
  FORBIDDEN_KEY: { status: 400, title: 'Forbidden key' },
  PROJECTION_BEHIND: { status: 503, title: 'Projection behind' },
  PROJECTION_NOT_FOUND: { status: 404, title: 'Projection not found' },
  REVISION_NOT_FOUND: { status: 404, title: 'Revision not found' },
  ACCESS_LOG_UNAVAILABLE: { status: 503, title: 'Access log unavailable' },
  CAP_TABLE_NOT_SET: { status: 404, title: 'Cap table not set' },
  RECEIPT_NOT_FOUND: { status: 404, title: 'Receipt not found' },
  HISTORY_NOT_INTACT: { status: 409, title: 'History not intact' },
  ANCHOR_NOT_FOUND: { status: 404, title: 'Anchor not found' },
  STREAM_NOT_FOUND: { status: 404, title: 'Stream not found' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ShellProblemCode = keyof typeof SHELL_PROBLEMS;

// Nest and the HTTP server speak in statuses; these get a code that says more than the status name.
const HTTP_STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  404: 'ROUTE_NOT_FOUND',
  500: 'INTERNAL_ERROR',
};

const INTERNAL_DETAIL =
  'The server failed to handle this request. It has been logged; quote the X-Request-Id header when reporting it.';

/** `ROUND_FULL` -> `/problems/round-full`. */
export const problemType = (code: string): string => `/problems/${code.toLowerCase().replace(/_/g, '-')}`;

/** Maps anything thrown while handling a request to the problem that answers it. */
export function toProblem(error: unknown, request?: RequestLine): Problem {
  const instance = request?.path;
  if (isDomainError(error)) {
    const { status, title } = DOMAIN_PROBLEMS[error.code];
    return problemOf({ status, code: error.code, title, detail: error.message, errors: error.details, instance });
  }
  if (error instanceof WriteError) {
    const { status, title, retry } = WRITE_PROBLEMS[error.code];
    const headers: Record<string, string> = retry ? { 'Retry-After': '1' } : {};
    return problemOf({ status, code: error.code, title, detail: error.message, instance }, headers, status >= 500);
  }
  if (error instanceof ApplicationError) {
    const { status, code, message: detail, errors, headers } = error;
    const unexpected = status >= 500 && !ROUTINE_SERVER_ANSWERS.has(code);
    return problemOf({ status, code, title: titleOf(code), detail, errors, instance }, headers, unexpected);
  }
  if (isStoreUnreachable(error)) return toProblem(storeUnavailable(), request);
  if (error instanceof HttpException) return fromHttpException(error, request);
  const fromServer = fromFastifyError(error);
  if (fromServer) return toProblem(fromServer, request);
  return serverFault(500, instance);
}

function fromHttpException(exception: HttpException, request: RequestLine | undefined): Problem {
  const status = exception.getStatus();
  if (status >= 500) return serverFault(status, request?.path);
  const code = HTTP_STATUS_CODES[status] ?? codeOfStatus(status);
  // Nest's own message for an unknown route repeats the whole URL, query string included.
  const detail = status === 404 && request ? `No route matches ${request.method} ${request.path}` : exception.message;
  return problemOf({ status, code, title: titleOfStatus(code, status), detail, instance: request?.path });
}

function serverFault(status: number, instance: string | undefined): Problem {
  const code = HTTP_STATUS_CODES[status] ?? codeOfStatus(status);
  return problemOf({ status, code, title: titleOfStatus(code, status), detail: INTERNAL_DETAIL, instance }, {}, true);
}

type ProblemFields = Omit<ProblemDetails, 'type' | 'instance'> & { readonly instance: string | undefined };

function problemOf(fields: ProblemFields, headers: Readonly<Record<string, string>> = {}, unexpected = false): Problem {
  const { status, code, title, detail, errors, instance } = fields;
  // Copied field by field so that nothing else an error object carries can reach the wire.
  const listed = errors?.slice(0, MAX_LISTED_ERRORS).map(({ field, rule, message }) => ({ field: clipEcho(field), rule, message: clipEcho(message) }));
  const omitted = (errors?.length ?? 0) - (listed?.length ?? 0);
  const body: ProblemDetails = {
    type: problemType(code),
    title,
    status,
    detail,
    code,
    ...(listed && listed.length > 0 ? { errors: listed } : {}),
    ...(omitted > 0 ? { errorsOmitted: omitted } : {}),
    ...(instance !== undefined ? { instance } : {}),
  };
  return { body, headers, unexpected };
}

// One title per code, wherever the code comes from.
function knownTitle(code: string): string | undefined {
  if (code in SHELL_PROBLEMS) return SHELL_PROBLEMS[code as ShellProblemCode].title;
  if (code in WRITE_PROBLEMS) return WRITE_PROBLEMS[code as WriteErrorCode].title;
  return code in DOMAIN_PROBLEMS ? DOMAIN_PROBLEMS[code as DomainErrorCode].title : undefined;
}

function titleOf(code: string): string {
  const known = knownTitle(code);
  if (known !== undefined) return known;
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function titleOfStatus(code: string, status: number): string {
  return knownTitle(code) ?? STATUS_CODES[status] ?? titleOf(code);
}

function codeOfStatus(status: number): string {
  const reason = STATUS_CODES[status];
  return reason ? reason.toUpperCase().replace(/[^A-Z0-9]+/g, '_') : `HTTP_${status}`;
}
