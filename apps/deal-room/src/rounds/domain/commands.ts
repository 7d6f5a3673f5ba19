import { Actor } from '../../kernel';

// Commands carry what the caller sent: amounts as decimal strings, enumerations as plain strings.
// The types document the expected shape; decide still validates every field, because a command is
// input from outside and the domain is the last line that knows the rules.
type Command<Type extends string, Data> = { readonly type: Type; readonly data: Data };

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
  }
>;
export type AdmitInvestor = Command<
  'AdmitInvestor',
  {
    readonly investorId: string;
    readonly name: string;
    readonly tier: string;
    readonly maxTicket?: string | null;
  }
>;
export type ProposeTerm = Command<
  'ProposeTerm',
  {
    readonly termId: string;
    readonly key: string;
    readonly value: unknown;
    /** The pending proposal for the same key that this one counters or revises. */
    readonly supersedes?: string | null;
  }
>;
export type AcceptTerm = Command<'AcceptTerm', { readonly termId: string }>;
export type RejectTerm = Command<'RejectTerm', { readonly termId: string; readonly reason?: string | null }>;
export type WithdrawTerm = Command<'WithdrawTerm', { readonly termId: string }>;
/** Makes the investor's commitment, or amends it if it already has one. */
export type MakeCommitment = Command<
  'MakeCommitment',
  { readonly investorId: string; readonly amount: string; readonly currency: string }
>;
export type WithdrawCommitment = Command<'WithdrawCommitment', { readonly investorId: string }>;
export type CloseRound = Command<'CloseRound', Record<string, never>>;
export type CancelRound = Command<'CancelRound', { readonly reason: string }>;

export type RoundCommand =
  | OpenRound
  | AdmitInvestor
  | ProposeTerm
  | AcceptTerm
  | RejectTerm
  | WithdrawTerm
  | MakeCommitment
  | WithdrawCommitment
  | CloseRound
  | CancelRound;

/** Outside facts decide needs; passing them in keeps decide pure and replayable. */
export interface DecisionContext {
  readonly now: Date | string;
  readonly actor: Actor;
  /** The hash at the head of the round's tamper-evident chain before this command; sealed into RoundClosed. */
  readonly headHash?: string | null;
}
