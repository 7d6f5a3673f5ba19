import { Module } from '@nestjs/common';
import { ProblemsController } from './problems.controller';

/** The pages behind the problem `type` URIs; the OpenAPI document and its UI are set up by configureDocs. */
@Module({ controllers: [ProblemsController] })
export class DocsModule {}
