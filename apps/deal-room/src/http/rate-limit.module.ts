import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { TokenVerifier } from '../auth';
import { RateLimitConfig } from './rate-limit-config';
import { RateLimitGuard, throttlerOptions } from './rate-limit.guard';

/**
 * Provides RateLimitGuard. Global, like AuthModule, so that `{ provide: APP_GUARD, useExisting: RateLimitGuard }`
 * resolves from AppModule, where it must be listed before AuthGuard's.
 */
@Module({})
export class RateLimitModule {
  static forRoot(config: RateLimitConfig): DynamicModule {
    return {
      module: RateLimitModule,
      global: true,
      // TokenVerifier comes from AuthModule, which is global.
      imports: [ThrottlerModule.forRootAsync({ inject: [TokenVerifier], useFactory: (verifier: TokenVerifier) => throttlerOptions(config, verifier) })],
      providers: [RateLimitGuard],
      exports: [RateLimitGuard],
    };
  }
}
