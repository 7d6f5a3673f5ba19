import type { IncomingMessage } from 'node:http';

// RFC 6750 b64token; the scheme name is case-insensitive (RFC 9110, section 11.1).
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of an `Authorization: Bearer <token>` header, unverified; undefined for anything else. */
export function bearerTokenOf(request: Pick<IncomingMessage, 'headers'>): string | undefined {
  return BEARER.exec(request.headers.authorization ?? '')?.[1];
}
