import { DynamicModule, Module, Provider } from '@nestjs/common';
import { TokenChecks, VerificationKey } from './access-token';
import { Env } from './auth-config';
import { AuthGuard } from './auth.guard';
import { JWT_SECRET, TOKEN_CHECKS, VERIFICATION_KEY } from './auth.tokens';
import { authConfigOrThrow, loadOrCreateJwtSecret } from './jwt-secret';
import { remoteKeySet } from './remote-key-set';
import { TokenVerifier } from './token-verifier';

export interface AuthModuleOptions {
  /** Where the generated secret is kept when neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set. */
  readonly dataDir: string;
  readonly env: Env;
}

/**
 * Provides AuthGuard with its key: the shared secret (JWT_SECRET), or with AUTH_JWKS_URL the identity
 * provider's key set. Global, so that `{ provide: APP_GUARD, useExisting: AuthGuard }` resolves from any module.
 */
@Module({})
export class AuthModule {
  static forRoot({ dataDir, env }: AuthModuleOptions): DynamicModule {
    // Parsed here so a bad AUTH_* value stops the start before any module is built.
    const { jwksUrl, algorithms, issuer, audience, maxAge, clockTolerance, tokenCacheEntries } = authConfigOrThrow(env);
    const checks: TokenChecks = { algorithms, issuer, audience, maxAge, clockTolerance };
    // With a key set there is no JWT_SECRET: nothing can mint tokens here, and no secret file is made.
    // The keys are fetched on the first token to check, so a provider that is down does not stop the start.
    const keys: Provider[] =
      jwksUrl === undefined
        ? [
            { provide: JWT_SECRET, useFactory: () => loadOrCreateJwtSecret(dataDir, env) },
            { provide: VERIFICATION_KEY, useExisting: JWT_SECRET },
          ]
        : [{ provide: VERIFICATION_KEY, useValue: remoteKeySet(jwksUrl) }];
    const keyTokens = jwksUrl === undefined ? [JWT_SECRET, VERIFICATION_KEY] : [VERIFICATION_KEY];
    return {
      module: AuthModule,
      global: true,
      providers: [
        ...keys,
        { provide: TOKEN_CHECKS, useValue: checks },
        {
          provide: TokenVerifier,
          inject: [VERIFICATION_KEY],
          useFactory: (key: VerificationKey) => new TokenVerifier(key, checks, { cacheEntries: tokenCacheEntries }),
        },
        AuthGuard,
      ],
      exports: [...keyTokens, TOKEN_CHECKS, TokenVerifier, AuthGuard],
    };
  }
}
