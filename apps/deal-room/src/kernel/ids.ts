/** Ids name streams and URLs: a strict pattern keeps both unambiguous. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
