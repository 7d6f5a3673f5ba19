// What the rest of the app uses from authentication; the files behind it stay private to this folder.
export { checkTokenTimes, mintToken, readActorClaims, verifyAccessToken } from './access-token';
export type { ActorClaims, MintOptions, TokenChecks, TokenTimes, VerificationKey } from './access-token';
export { DEFAULT_KEY_SET_ALGORITHMS, MIN_JWT_SECRET_BYTES, parseAuthConfig } from './auth-config';
export type { AuthConfig, ParsedAuthConfig } from './auth-config';
export { CurrentActor, Public, Roles } from './auth.decorators';
export { AuthGuard } from './auth.guard';
export { AuthModule } from './auth.module';
export type { AuthModuleOptions } from './auth.module';
export { JWT_SECRET, TOKEN_CHECKS, VERIFICATION_KEY } from './auth.tokens';
export type { AuthenticatedRequest } from './authenticated-request';
export { bearerTokenOf } from './bearer-token';
export { JWT_SECRET_FILE, loadOrCreateJwtSecret } from './jwt-secret';
export { KeySetUnavailableError, remoteKeySet } from './remote-key-set';
export { TokenVerifier } from './token-verifier';
export type { TokenVerifierOptions } from './token-verifier';
