import { DynamicModule, Module } from '@nestjs/common';
import { loadOrCreateSigningKey, PositionTokens, SIGNING_KEY, SigningKey } from '../evidence';
import { ReceiptIssuer } from './receipt-issuer';
import { ReceiptsController } from './receipts.controller';

export interface ReceiptsModuleOptions {
  readonly dataDir: string;
  /** SIGNING_KEY_FILE, when set, names the key instead of `<dataDir>/signing-key.pem`. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The deployment's signing key and receipts. Global: the write interceptor of every command signs with it. */
@Module({})
export class ReceiptsModule {
  static forRoot({ dataDir, env }: ReceiptsModuleOptions): DynamicModule {
    return {
      module: ReceiptsModule,
      global: true,
      controllers: [ReceiptsController],
      providers: [
        { provide: SIGNING_KEY, useFactory: () => loadOrCreateSigningKey(dataDir, env) },
        ReceiptIssuer,
        // Investors' positions and checkpoints, sealed (issue 14): keyed from the same key, so every instance opens them.
        { provide: PositionTokens, useFactory: (key: SigningKey) => new PositionTokens(key), inject: [SIGNING_KEY] },
      ],
      exports: [SIGNING_KEY, ReceiptIssuer, PositionTokens],
    };
  }
}
