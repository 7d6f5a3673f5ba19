// The round domain's public surface: the use cases (their slices of decide, handlers, controllers) and
// the read side import from here, never from the files behind it.
export * from './errors';
export * from './round-economics';
export { MAX_BOARD_SEATS, MAX_CUSTOM_TERM_LENGTH, WELL_KNOWN_TERM_KEYS, readTerm, readValuation } from './terms';
export type { CustomTermKey, LiquidationPreference, RoundSize, Term, TermKey } from './terms';
export * from './round';
export { revisionSeenBy } from './investor-revision';
export { stamp } from './decision';
export type { Command, Decision, DecisionContext } from './decision';
export * from './round-decide';
export * from './round.codec';
export * from './round.view';
export { isHiddenFrom, mayKnowBookTotals, roundAsSeenBy, viewFor } from './visibility';
export type { InvestorRoundView, ReaderView, VisibleParty } from './visibility';
export { actingParty, isCounterparty, leadInvestor, requireDealLead, requireInvestor, requireMayActFor } from './access';
export { closedInvestors, closingBook, interimClosingBook, requireReadyToClose } from './closing';
export { PER_INVESTOR_TERM_KEYS, ROUND_WIDE_TERM_KEYS, findTerm, economicsIssues, isEconomicTerm, requireCounterparty, requirePending } from './term-rules';
export { Issues, MAX_NAME_LENGTH, MAX_REASON_LENGTH, readAmount, readChoice, readDate, readId, readInstant, readOptionalAmount, readPayment, readText } from './validation';
export { allocateProRata, allocateWithMinimumTicket, allocateWithProtection } from './allocation';
export type { Claim, ScaledClaim } from './allocation';
export { OWNERSHIP_DECIMALS, ownershipFraction } from './ownership';
export { isMemberOfDealTeam } from './access';
export { requireRoomUnderCap } from './book-rules';
export { subscriptionBook } from './subscriptions';
export { mfnOffers, rankOf } from './mfn';
export type { SubscriptionBook, SubscriptionRow } from './subscriptions';
export { HOLDER_KINDS, PRICE_EXTRA_DECIMALS, capTableOf, registeredCapitalOf } from './cap-table';
export type { CapTable, CapTableInput, CapTableRow, Holder, HolderKind, RegisteredCapitalTable } from './cap-table';
