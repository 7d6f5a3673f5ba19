import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { Roles } from '../../auth';
import { ApplicationError } from '../../common/application-error';
import { ProjectionsService } from '../projections.service';
import { ProjectionStatus } from '../runtime/projection-runtime';

/** Operators' view of the read side: how far behind each projection is, and rebuilding one from zero. */
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly projections: ProjectionsService) {}

  @Get()
  @Roles('admin', 'auditor', 'deal-lead')
  list(): Promise<ProjectionStatus[]> {
    return this.projections.runtime.status();
  }

  /** 202: the rebuild runs on in the background; GET /projections shows `rebuilding` until it is swapped in. */
  @Post(':name/rebuild')
  @HttpCode(202)
  @Roles('admin')
  rebuild(@Param('name') name: string): ProjectionStatus {
    if (!this.projections.runtime.has(name)) {
      throw new ApplicationError('PROJECTION_NOT_FOUND', 404, `There is no projection named ${JSON.stringify(name)}.`);
    }
    return this.projections.runtime.rebuild(name).status;
  }
}
