/** Endpoints that take no body still refuse unknown fields: the whitelist sees this empty class. */
export class EmptyRequest {}
