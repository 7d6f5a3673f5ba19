/** The HS256 key (Uint8Array) that signs and verifies access tokens. */
export const JWT_SECRET = Symbol('JWT_SECRET');
/** The optional issuer and audience every token must carry (TokenChecks). */
export const TOKEN_CHECKS = Symbol('TOKEN_CHECKS');
