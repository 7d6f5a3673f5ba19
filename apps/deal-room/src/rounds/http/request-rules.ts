export { ID_PATTERN } from '../../kernel';
/** Amounts are checked in full by the domain; this only keeps absurd strings out of it. */
export const MAX_AMOUNT_LENGTH = 64;
export const MAX_TEXT_LENGTH = 2000;
