/** The HS256 key (Uint8Array) that signs and verifies access tokens; not provided with AUTH_JWKS_URL. */
export const JWT_SECRET = Symbol('JWT_SECRET');
/** What AuthGuard checks signatures with (VerificationKey): that secret, or the identity provider's key set. */
export const VERIFICATION_KEY = Symbol('VERIFICATION_KEY');
/** The pinned algorithms and the optional issuer and audience every token must carry (TokenChecks). */
export const TOKEN_CHECKS = Symbol('TOKEN_CHECKS');
