import { DynamicModule, Module } from '@nestjs/common';
import { loadOrCreateSigningKey, SIGNING_KEY } from '../evidence';
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
      providers: [{ provide: SIGNING_KEY, useFactory: () => loadOrCreateSigningKey(dataDir, env) }, ReceiptIssuer],
      exports: [SIGNING_KEY, ReceiptIssuer],
    };
  }
}
