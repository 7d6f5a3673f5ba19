import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '../auth';
import { SIGNING_KEY, SigningKey } from '../evidence';

/** The deployment's public key, for anyone to check receipts and anchors with (receipts are fetched again in rounds/get-receipt). */
@Controller()
export class ReceiptsController {
  constructor(@Inject(SIGNING_KEY) private readonly key: SigningKey) {}

  @Get('.well-known/deal-room/keys')
  @Public()
  keys() {
    return { keys: [this.key.jwk] };
  }
}
