// What the rest of the app uses from authentication; the files behind it stay private to this folder.
export { mintToken, readActorClaims, verifyAccessToken } from './access-token';
export type { ActorClaims, MintOptions, TokenChecks } from './access-token';
export { MIN_JWT_SECRET_BYTES, parseAuthConfig } from './auth-config';
export type { AuthConfig, ParsedAuthConfig } from './auth-config';
export { CurrentActor, Public, Roles } from './auth.decorators';
export { AuthGuard } from './auth.guard';
export { AuthModule } from './auth.module';
export type { AuthModuleOptions } from './auth.module';
export { JWT_SECRET, TOKEN_CHECKS } from './auth.tokens';
export type { AuthenticatedRequest } from './authenticated-request';
export { JWT_SECRET_FILE, loadOrCreateJwtSecret } from './jwt-secret';
