import { DynamicModule, Module } from '@nestjs/common';
import { ANCHOR_OPTIONS, AnchorOptions, AnchorService } from './anchor.service';
import { AnchorsController } from './anchors.controller';

const DEFAULT_INTERVAL_SECONDS = 600;
const POLL_MS = 1000;

/** Parses ANCHOR_INTERVAL_SECONDS: a whole number of seconds from 1 to 86400, 600 when unset. */
export function anchorOptionsOf(env: Readonly<Record<string, string | undefined>>): AnchorOptions {
  const raw = env.ANCHOR_INTERVAL_SECONDS;
  if (raw !== undefined && !(/^[1-9][0-9]{0,4}$/.test(raw) && Number(raw) <= 86_400)) {
    throw new Error(`ANCHOR_INTERVAL_SECONDS must be a whole number of seconds from 1 to 86400, got "${raw}"`);
  }
  return { intervalMs: Number(raw ?? DEFAULT_INTERVAL_SECONDS) * 1000, pollMs: POLL_MS };
}

/** Anchors the heads of all rounds. Global: the audit trail reads the anchors into exports and verdicts. Needs ReceiptsModule's key. */
@Module({})
export class AnchorsModule {
  static forRoot({ env }: { env: Readonly<Record<string, string | undefined>> }): DynamicModule {
    const options = anchorOptionsOf(env);
    return {
      module: AnchorsModule,
      global: true,
      controllers: [AnchorsController],
      providers: [{ provide: ANCHOR_OPTIONS, useValue: options }, AnchorService],
      exports: [AnchorService],
    };
  }
}
