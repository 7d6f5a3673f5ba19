import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApplicationError } from '../common/application-error';
import { Roles } from '../auth';
import { NoBodyPipe } from '../http';
import { ANCHOR_TYP, AnchorPayload, openStatement, SIGNING_KEY, SigningKey } from '../evidence';
import { AnchorService } from './anchor.service';

/** The anchors: the latest one, and one made on request. The whole stream is exported by the audit trail. */
@Controller('anchors')
export class AnchorsController {
  constructor(
    private readonly anchors: AnchorService,
    @Inject(SIGNING_KEY) private readonly key: SigningKey,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  anchorNow(@Body(NoBodyPipe) _body: unknown) {
    return this.anchors.anchorNow();
  }

  @Get('latest')
  @Roles('auditor', 'admin', 'deal-lead')
  async latest() {
    const latest = await this.anchors.index.latestAnchor();
    if (!latest) throw new ApplicationError('ANCHOR_NOT_FOUND', 404, 'No anchor has been recorded yet.');
    const opened = openStatement<AnchorPayload>(latest.data.statement, ANCHOR_TYP, [this.key]);
    return { revision: Number(latest.revision), payload: opened.ok ? opened.payload : null, statement: latest.data.statement, leaves: latest.data.leaves };
  }
}
