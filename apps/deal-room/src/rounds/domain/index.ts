// The round domain's public surface: the shell (controllers, command handlers, projections) imports
// from here, never from the files behind it.
export * from './errors';
export * from '../../kernel';
export * from '../../kernel';
export * from './round-economics';
export { MAX_BOARD_SEATS, MAX_CUSTOM_TERM_LENGTH, WELL_KNOWN_TERM_KEYS } from './terms';
export type { CustomTermKey, LiquidationPreference, RoundSize, Term, TermKey } from './terms';
export * from './round';
export * from './commands';
export { decide, roundDecider } from './decide';
export * from './round.codec';
export * from './round.view';
export { isHiddenFrom, mayKnowBookTotals, roundAsSeenBy, viewFor } from './visibility';
export type { InvestorRoundView, ReaderView, VisibleParty } from './visibility';
export { allocateProRata } from './allocation';
export type { Claim, ScaledClaim } from './allocation';
export { OWNERSHIP_DECIMALS, ownershipFraction } from './ownership';
