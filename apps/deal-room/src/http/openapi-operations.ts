import type { ParameterObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { ProblemCode } from './problem-catalog';

/**
 * What the compiler plugin cannot read from the code: each operation's answer, its query parameters (the
 * handlers parse their query themselves) and the problems it may answer with beyond the common ones. Keyed
 * by operationId (`<Controller>_<method>`). An operation missing here is still documented, with its request
 * body, roles and the common problems; add it here for the rest.
 */
export interface OperationDoc {
  readonly summary: string;
  readonly status: number;
  readonly answer: string;
  readonly schema?: SchemaObject;
  /** A second success answer with 200 (a write that may create or change). */
  readonly alsoOk?: string;
  /** A command: If-Match, Idempotency-Key, ETag and X-Event-Position, and the write path's problems. */
  readonly write?: true;
  readonly query?: readonly ParameterObject[];
  readonly problems: readonly ProblemCode[];
}

const ref = (name: string): SchemaObject => ({ $ref: `#/components/schemas/${name}` }) as SchemaObject;
const str = (description: string, example?: string): SchemaObject => ({ type: 'string', description, ...(example ? { example } : {}) });
const obj = (properties: Record<string, SchemaObject>, required = Object.keys(properties)): SchemaObject => ({ type: 'object', properties, required });
const query = (name: string, description: string, schema: SchemaObject = { type: 'string' }): ParameterObject => ({ name, in: 'query', required: false, description, schema });

const revision = { type: 'integer', description: 'The round\'s revision after this write (also sent as ETag); an investor\'s own count of the changes it can see.', example: 3 } as SchemaObject;
const roundId = str('The round\'s id.', 'series-c');
const termId = str('The term\'s id.', 'valuation-1');
const investorId = str('The investor\'s id.', 'tencent');

const PAGING = [
  query('after', 'Exclusive: the last item of the previous page.'),
  query('limit', 'Items per page, 1 to 1000.', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
];
const CONSISTENCY = [
  query('minPosition', 'Wait until the read model includes this commit position (a write\'s X-Event-Position or a report\'s checkpoint, as sent; an investor\'s are sealed, and it may give only those).', { type: 'string', pattern: '^([0-9]+|p1\\.[A-Za-z0-9_-]{48})$' }),
  query('maxWait', 'How long to wait for minPosition, in milliseconds.', { type: 'integer', minimum: 0, maximum: 10000, default: 5000 }),
];
const REPORT_FILTERS = [
  query('status', 'Only rounds in this status.', { type: 'string', enum: ['open', 'closed', 'cancelled'] }),
  query('currency', 'Only rounds in this currency.', ref('Currency')),
  query('company', 'Only this company\'s rounds.'),
  query('openedFrom', 'Opened at or after this instant (ISO 8601 with offset).', { type: 'string', format: 'date-time' }),
  query('openedTo', 'Opened before this instant (ISO 8601 with offset).', { type: 'string', format: 'date-time' }),
  query('format', 'csv for a download of the whole filtered list.', { type: 'string', enum: ['json', 'csv'] }),
];
const LIST = { type: 'array', items: { type: 'object' } } as SchemaObject;

export const OPERATIONS: Readonly<Record<string, OperationDoc>> = {
  OpenRoundController_open: {
    summary: 'Open a round',
    status: 201,
    answer: 'The round was opened; Location names it.',
    schema: obj({ roundId, revision }),
    write: true,
    problems: ['ROUND_ALREADY_EXISTS'],
  },
  AdmitInvestorController_admit: {
    summary: 'Admit an investor to a round',
    status: 201,
    answer: 'The investor was admitted.',
    schema: obj({ roundId, investorId, revision }),
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'INVESTOR_ALREADY_ADMITTED', 'LEAD_INVESTOR_ALREADY_ADMITTED'],
  },
  ProposeTermController_propose: {
    summary: 'Propose a term',
    status: 201,
    answer: 'The term was proposed and is pending.',
    schema: obj({ roundId, termId, revision }),
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'INVESTOR_NOT_ADMITTED', 'TERM_PENDING', 'TERM_ALREADY_EXISTS', 'TERM_NOT_FOUND', 'CURRENCY_MISMATCH'],
  },
  AcceptTermController_accept: {
    summary: 'Accept a pending term (the counterparty)',
    status: 200,
    answer: 'The term was accepted.',
    schema: obj({ roundId, termId, status: { type: 'string', enum: ['accepted'] }, revision }),
    write: true,
    problems: ['ROUND_NOT_FOUND', 'TERM_NOT_FOUND', 'ROUND_NOT_OPEN', 'TERM_NOT_PENDING', 'NOT_COUNTERPARTY', 'CANNOT_ACCEPT_OWN_PROPOSAL', 'TERM_CONFLICTS_WITH_ROUND'],
  },
  RejectTermController_reject: {
    summary: 'Reject a pending term (the counterparty)',
    status: 200,
    answer: 'The term was rejected.',
    schema: obj({ roundId, termId, status: { type: 'string', enum: ['rejected'] }, revision }),
    write: true,
    problems: ['ROUND_NOT_FOUND', 'TERM_NOT_FOUND', 'ROUND_NOT_OPEN', 'TERM_NOT_PENDING', 'NOT_COUNTERPARTY'],
  },
  WithdrawTermController_withdraw: {
    summary: 'Withdraw a pending term (its proposer)',
    status: 200,
    answer: 'The term was withdrawn.',
    schema: obj({ roundId, termId, status: { type: 'string', enum: ['withdrawn'] }, revision }),
    write: true,
    problems: ['ROUND_NOT_FOUND', 'TERM_NOT_FOUND', 'ROUND_NOT_OPEN', 'TERM_NOT_PENDING', 'NOT_PROPOSER'],
  },
  MakeCommitmentController_commit: {
    summary: 'Make or amend an investor\'s commitment',
    status: 201,
    answer: 'The commitment was made.',
    alsoOk: 'An existing commitment was amended.',
    schema: obj({ roundId, investorId, amount: ref('DecimalAmount'), currency: ref('Currency'), revision }),
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'INVESTOR_NOT_ADMITTED', 'CURRENCY_MISMATCH', 'BELOW_MINIMUM_TICKET', 'ABOVE_MAXIMUM_TICKET', 'COMMITMENT_EXCEEDS_HARD_CAP', 'ROUND_FULL'],
  },
  WithdrawCommitmentController_withdraw: {
    summary: 'Withdraw an investor\'s commitment',
    status: 200,
    answer: 'The commitment was withdrawn.',
    schema: obj({ roundId, investorId, revision }),
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'INVESTOR_NOT_ADMITTED', 'NO_COMMITMENT'],
  },
  ProtectAllocationController_protect: {
    summary: 'Protect (or lift) an investor\'s allocation before the scale-back',
    status: 200,
    answer: 'The amount is allocated to the investor first at the scale-back; "0" lifted the protection.',
    schema: obj({ roundId, investorId, amount: ref('DecimalAmount'), currency: ref('Currency'), revision }),
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'INVESTOR_NOT_ADMITTED', 'CURRENCY_MISMATCH', 'INVESTOR_ALREADY_CLOSED', 'PROTECTED_ALLOCATION_EXCEEDS_COMMITMENT', 'PROTECTED_ALLOCATIONS_EXCEED_CAP'],
  },
  SetAllocationBasisController_set: {
    summary: 'Set what closings allocate: the binding commitments or only what was paid in',
    status: 200,
    answer: 'The basis is set (or was already).',
    schema: obj({ roundId, basis: { type: 'string', enum: ['committed', 'funded'] }, revision }),
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN'],
  },
  RecordRefundController_record: {
    summary: 'Record money paid back to an investor',
    status: 201,
    answer: 'The refund is recorded: over-funding beyond the final allocation, or everything of a cancelled round.',
    schema: obj({ roundId, investorId, amount: ref('DecimalAmount'), currency: ref('Currency'), reference: str('The bank\'s reference.'), revision }),
    write: true,
    problems: ['ROUND_NOT_FOUND', 'INVESTOR_NOT_ADMITTED', 'CURRENCY_MISMATCH', 'ALLOCATION_NOT_FINAL', 'REFUND_EXCEEDS_OVERPAYMENT', 'REFUND_ALREADY_RECORDED'],
  },
  CloseRoundController_close: {
    summary: 'Close a round and allocate',
    status: 200,
    answer: 'The round was closed; the allocations are final.',
    schema: obj({ roundId, status: { type: 'string', enum: ['closed'] }, allocations: LIST, revision }),
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'NO_LEAD_INVESTOR', 'PENDING_TERMS', 'BELOW_MINIMUM_AMOUNT'],
  },
  CancelRoundController_cancel: {
    summary: 'Cancel a round',
    status: 200,
    answer: 'The round was cancelled.',
    schema: obj({ roundId, status: { type: 'string', enum: ['cancelled'] }, revision }),
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN'],
  },
  GetRoundController_get: {
    summary: 'Read a round, now or as it stood',
    status: 200,
    answer: 'The round folded from its stream, with ETag; an investor sees only what it may.',
    schema: { type: 'object', description: 'The round view: facts, terms, investors, commitments, allocations. Amounts are decimal strings.' },
    query: [
      query('atRevision', 'The round as it stood after this revision.', { type: 'integer', minimum: 0 }),
      query('asOf', 'The round as it stood at this instant (ISO 8601 with a date, a time and an offset).', { type: 'string', format: 'date-time' }),
    ],
    problems: ['ROUND_NOT_FOUND', 'REVISION_NOT_FOUND', 'ACCESS_LOG_UNAVAILABLE'],
  },
  ConfirmIndicationController_confirm: {
    summary: 'Confirm an indication as a firm commitment',
    status: 200,
    answer: 'The commitment is confirmed.',
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'INVESTOR_NOT_ADMITTED', 'NO_INDICATION', 'ROUND_FULL'],
  },
  ReconfirmCommitmentController_reconfirm: {
    summary: 'Reconfirm a commitment after the terms changed',
    status: 200,
    answer: 'The commitment is reconfirmed.',
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'INVESTOR_NOT_ADMITTED', 'NOT_AWAITING_RECONFIRMATION'],
  },
  SignSubscriptionController_sign: {
    summary: 'Sign the subscription agreement (the investor)',
    status: 200,
    answer: 'The subscription is signed.',
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'INVESTOR_NOT_ADMITTED', 'NO_COMMITMENT', 'COMMITMENT_NOT_CONFIRMED', 'RECONFIRMATION_PENDING', 'SUBSCRIPTION_ALREADY_SIGNED'],
  },
  AcceptSubscriptionController_accept: {
    summary: 'Accept a signed subscription (the company)',
    status: 200,
    answer: 'The subscription is accepted.',
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'INVESTOR_NOT_ADMITTED', 'SUBSCRIPTION_NOT_SIGNED', 'SUBSCRIPTION_ALREADY_ACCEPTED', 'RECONFIRMATION_PENDING'],
  },
  RecordFundingController_record: {
    summary: 'Record money received for a subscription',
    status: 201,
    answer: 'The funding was recorded.',
    alsoOk: 'The same funding again: nothing new was recorded.',
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'INVESTOR_NOT_ADMITTED', 'SUBSCRIPTION_NOT_ACCEPTED', 'FUNDING_ALREADY_RECORDED', 'FUNDING_EXCEEDS_SUBSCRIPTION', 'CURRENCY_MISMATCH'],
  },
  SetDeadlinesController_set: {
    summary: 'Set the round\'s deadlines',
    status: 200,
    answer: 'The deadlines are set.',
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN'],
  },
  AddConditionController_add: {
    summary: 'Add a closing condition',
    status: 201,
    answer: 'The condition was added.',
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'INVESTOR_NOT_ADMITTED', 'CONDITION_ALREADY_EXISTS'],
  },
  SatisfyConditionController_satisfy: {
    summary: 'Mark a closing condition satisfied',
    status: 200,
    answer: 'The condition is satisfied.',
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'CONDITION_NOT_FOUND', 'CONDITION_ALREADY_SATISFIED'],
  },
  HoldClosingController_hold: {
    summary: 'Hold a closing of the funded subscriptions',
    status: 201,
    answer: 'The closing was held.',
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'PENDING_TERMS', 'NOTHING_TO_CLOSE', 'BELOW_MINIMUM_AMOUNT', 'CLOSING_WINDOW_ENDED'],
  },
  SetCapTableController_set: {
    summary: 'Set the cap table before the round',
    status: 200,
    answer: 'The cap table is set.',
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'TERMS_FIXED_BY_CLOSING'],
  },
  ProposeAllocationController_propose: {
    summary: 'Propose an allocation of the book',
    status: 201,
    answer: 'The allocation was proposed.',
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'ALLOCATION_ALREADY_PROPOSED'],
  },
  ApproveAllocationController_approve: {
    summary: 'Approve a proposed allocation (another deal-lead)',
    status: 200,
    answer: 'The allocation is approved.',
    write: true,
    problems: ['ROUND_NOT_FOUND', 'ROUND_NOT_OPEN', 'ALLOCATION_NOT_FOUND', 'ALLOCATION_ALREADY_APPROVED', 'FOUR_EYES_REQUIRED'],
  },
  GetReceiptController_receipt: {
    summary: 'The signed receipt of one write',
    status: 200,
    answer: "The receipt (the same bytes each time while the history stands). An investor names the revision its write answered (its own count) and gets only its own writes' receipts.",
    problems: ['RECEIPT_NOT_FOUND', 'HISTORY_NOT_INTACT'],
  },
  AnchorsController_latest: {
    summary: 'The latest anchor of every round\'s head',
    status: 200,
    answer: 'The latest signed anchor.',
    problems: ['ANCHOR_NOT_FOUND'],
  },
  AnchorsController_anchorNow: {
    summary: 'Anchor every head now',
    status: 201,
    answer: 'The anchor just written: its revision in the anchors stream, its payload and its signed statement.',
    problems: [],
  },
  ReceiptsController_keys: {
    summary: 'The public key that signs receipts and anchors',
    status: 200,
    answer: 'A JWK set with the deployment\'s Ed25519 key (`kid` is its RFC 7638 thumbprint). Keep a copy: a verifier trusts the keys it is given.',
    problems: [],
  },
  LogStreamsController_exportAccessLog: {
    summary: 'The access log as JSON Lines',
    status: 200,
    answer: 'Every entry of the chained access log, in the export format of docs/audit-export-format.md.',
    problems: ['STREAM_NOT_FOUND'],
  },
  LogStreamsController_exportAnchors: {
    summary: 'The anchors stream as JSON Lines',
    status: 200,
    answer: 'Every anchor, in the export format of docs/audit-export-format.md.',
    problems: ['STREAM_NOT_FOUND'],
  },
  RefusalsController_list: {
    summary: 'Refused attempts on the round',
    status: 200,
    answer: 'Who tried what on the round and which rule refused it, oldest first; kept apart from the round\'s events.',
    problems: ['ROUND_NOT_FOUND'],
  },
  LogStreamsController_verifyAccessLog: {
    summary: 'Verify the access log\'s hash chain',
    status: 200,
    answer: 'The verdict on the access log.',
    problems: ['STREAM_NOT_FOUND'],
  },
  LogStreamsController_verifyAnchors: {
    summary: 'Verify the anchors\' hash chain',
    status: 200,
    answer: 'The verdict on the anchors stream.',
    problems: ['STREAM_NOT_FOUND'],
  },
  GetCapTableController_get: {
    summary: 'The round\'s cap table, as JSON or CSV',
    status: 200,
    answer: 'The cap table; an investor sees it once the round is closed, with its own row among the new investors.',
    query: [
      query('format', 'csv for a download.', { type: 'string', enum: ['json', 'csv'] }),
      query('presentation', 'registered-capital: registered capital and capital reserve, as a PRC company limited by shares or an LLC keeps its books.', {
        type: 'string',
        enum: ['registered-capital'],
      }),
      query('parValue', 'With presentation=registered-capital: the registered capital per share, in major units (default 1).', { type: 'string', example: '0.25' }),
    ],
    problems: ['ROUND_NOT_FOUND', 'CAP_TABLE_NOT_SET'],
  },
  GetSubscriptionsController_list: {
    summary: 'The round\'s subscriptions, as JSON or CSV',
    status: 200,
    answer: 'Each investor\'s subscription with what is late; an investor sees its own row only.',
    query: [query('format', 'csv for a download.', { type: 'string', enum: ['json', 'csv'] })],
    problems: ['ROUND_NOT_FOUND'],
  },
  GetConditionsController_list: {
    summary: 'The conditions of the close, as a checklist or a CSV',
    status: 200,
    answer: '`{roundId, revision, conditions, open, satisfied}`; an investor sees the round-wide conditions and its own.',
    schema: obj({ roundId, revision, conditions: LIST, open: { type: 'integer' }, satisfied: { type: 'integer' } }),
    query: [query('format', 'csv: the checklist as a spreadsheet.', { type: 'string', enum: ['json', 'csv'] })],
    problems: ['ROUND_NOT_FOUND'],
  },
  AuditController_history: {
    summary: 'A round\'s audit history, paged or exported',
    status: 200,
    answer: '`{events, next}`, oldest first; with `format` the whole history as a download.',
    schema: obj({ events: LIST, next: { type: 'string', nullable: true, description: 'The next page\'s URL; null on the last page.' } }),
    query: [...PAGING, query('format', 'csv or jsonl: the whole history as a download (no paging).', { type: 'string', enum: ['json', 'csv', 'jsonl'] })],
    problems: ['ROUND_NOT_FOUND', 'ACCESS_LOG_UNAVAILABLE'],
  },
  AuditController_manifest: {
    summary: 'The SHA-256 of a round\'s JSON Lines export',
    status: 200,
    answer: '`{roundId, events, headHash, sha256OfJsonl}`.',
    schema: obj({ roundId, events: { type: 'integer' }, headHash: str('The hash of the last event.'), sha256OfJsonl: str('SHA-256 of the JSON Lines export, hex.') }),
    problems: ['ROUND_NOT_FOUND', 'ACCESS_LOG_UNAVAILABLE'],
  },
  AuditController_verify: {
    summary: 'Verify a round\'s hash chain and seal',
    status: 200,
    answer: '`{valid, events, headHash, firstInvalidRevision?, sealed}`.',
    schema: {
      type: 'object',
      properties: {
        valid: { type: 'boolean' },
        events: { type: 'integer' },
        headHash: { type: 'string' },
        firstInvalidRevision: { type: 'integer' },
        sealed: obj({ closed: { type: 'boolean' }, sealedHeadHash: { type: 'string', nullable: true }, matches: { type: 'boolean' } }),
        closings: {
          type: 'array',
          description: 'Each initial or later closing\'s own seal, checked against the hash of the event before it.',
          items: obj({ closingNumber: { type: 'integer', nullable: true }, revision: { type: 'integer' }, sealedHeadHash: { type: 'string', nullable: true }, matches: { type: 'boolean' } }),
        },
      },
      required: ['valid', 'events', 'headHash', 'sealed'],
    },
    problems: ['ROUND_NOT_FOUND', 'ACCESS_LOG_UNAVAILABLE'],
  },
  ProjectionsController_list: {
    summary: 'The read models and how far behind they are',
    status: 200,
    answer: 'One entry per projection.',
    schema: { type: 'array', items: ref('ProjectionStatus') },
    problems: [],
  },
  ProjectionsController_rebuild: {
    summary: 'Rebuild a projection from zero',
    status: 202,
    answer: 'The rebuild started; the live model keeps serving until it is swapped in.',
    problems: ['PROJECTION_NOT_FOUND'],
  },
  ReportsController_rounds: {
    summary: 'Rounds report',
    status: 200,
    answer: '`{checkpoint, rounds, next}`; as CSV with `format=csv`.',
    schema: obj({ checkpoint: str('The projection checkpoint the page reflects (a decimal string).'), rounds: LIST, next: { type: 'string', nullable: true } }),
    query: [...PAGING, ...REPORT_FILTERS, ...CONSISTENCY],
    problems: ['PROJECTION_BEHIND'],
  },
  ReportsController_allocations: {
    summary: 'A round\'s allocation table',
    status: 200,
    answer: 'Per investor committed, allocated, scaled back and ownership, with exact totals.',
    schema: { type: 'object' },
    query: [query('format', 'csv for a download.', { type: 'string', enum: ['json', 'csv'] }), ...CONSISTENCY],
    problems: ['ROUND_NOT_FOUND', 'PROJECTION_BEHIND'],
  },
  ReportsController_investor: {
    summary: 'An investor\'s positions across rounds',
    status: 200,
    answer: '`{investorId, checkpoint, positions, next}`.',
    schema: obj({ investorId, checkpoint: str('The projection checkpoint the page reflects: a decimal string, sealed (p1.<48 base64url>) for an investor.'), positions: LIST, next: { type: 'string', nullable: true } }),
    query: [...PAGING, ...REPORT_FILTERS, ...CONSISTENCY],
    problems: ['PROJECTION_BEHIND'],
  },
  UnknownRoundRefusalsController_list: {
    summary: 'Refused attempts on round ids nobody opened',
    status: 200,
    answer: '`{refusals, next}`, oldest first: who tried what on which unknown id, and the rule that refused it.',
    schema: obj({ refusals: LIST, next: { type: 'string', nullable: true, description: 'The next page\'s URL; null on the last page.' } }),
    query: PAGING,
    problems: [],
  },
  AccessLogController_list: {
    summary: 'Who read what',
    status: 200,
    answer: '`{records, next}`, oldest first.',
    schema: obj({ records: LIST, next: { type: 'string', nullable: true } }),
    query: PAGING,
    problems: [],
  },
};

export const EXAMPLES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  OpenRoundRequest: {
    roundId: 'series-c',
    company: 'DeepThink AI',
    name: 'Series C',
    currency: 'CNY',
    targetAmount: '50000000000.00',
    hardCap: '60000000000.00',
    minimumAmount: '10000000000.00',
    minimumTicket: '100000000.00',
    oversubscription: 'scale-back',
    disclosure: 'none',
  },
  ValuationRequest: { amount: '350000000000.00', basis: 'pre-money' },
  AdmitInvestorRequest: { investorId: 'tencent', name: 'Tencent', tier: 'lead', maxTicket: '20000000000.00' },
  ProposeTermRequest: { key: 'liquidation-preference', value: { multiple: '1', participating: false } },
  ReasonRequest: { reason: 'Terms not acceptable to the board' },
  MakeCommitmentRequest: { amount: '15000000000.00', currency: 'CNY' },
};
