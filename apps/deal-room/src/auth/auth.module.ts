import { DynamicModule, Module } from '@nestjs/common';
import { TokenChecks } from './access-token';
import { Env } from './auth-config';
import { AuthGuard } from './auth.guard';
import { JWT_SECRET, TOKEN_CHECKS } from './auth.tokens';
import { authConfigOrThrow, loadOrCreateJwtSecret } from './jwt-secret';

export interface AuthModuleOptions {
  /** Where the generated secret is kept when AUTH_JWT_SECRET is unset. */
  readonly dataDir: string;
  readonly env: Env;
}

/**
 * Provides AuthGuard with its key. Global, so that `{ provide: APP_GUARD, useExisting: AuthGuard }`
 * resolves from any module.
 */
@Module({})
export class AuthModule {
  static forRoot({ dataDir, env }: AuthModuleOptions): DynamicModule {
    // Parsed here so a bad AUTH_* value stops the start before any module is built.
    const { issuer, audience } = authConfigOrThrow(env);
    const checks: TokenChecks = { issuer, audience };
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: JWT_SECRET, useFactory: () => loadOrCreateJwtSecret(dataDir, env) },
        { provide: TOKEN_CHECKS, useValue: checks },
        AuthGuard,
      ],
      exports: [JWT_SECRET, TOKEN_CHECKS, AuthGuard],
    };
  }
}
