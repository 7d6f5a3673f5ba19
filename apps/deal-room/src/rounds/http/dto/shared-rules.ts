/** Ids name streams and URLs: a strict pattern keeps both unambiguous. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** Amounts are checked in full by the domain; this only keeps absurd strings out of it. */
export const MAX_AMOUNT_LENGTH = 64;
export const MAX_TEXT_LENGTH = 2000;
