import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ApplicationError } from '../common/application-error';
import { ID_PATTERN } from '../kernel';

/** Path ids become stream names: anything outside the id pattern is refused before it gets that far. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && ID_PATTERN.test(value)) return value;
    const field = metadata.data ?? 'id';
    throw new ApplicationError('VALIDATION_FAILED', 400, `The path parameter ${field} must match ${ID_PATTERN.source}.`, [
      { field, rule: 'pattern', message: `must be 1 to 128 letters, digits, '.', '_', ':' or '-'` },
    ]);
  }
}

/** For endpoints without a body: an absent body or `{}` is fine, any field is an unknown field. */
@Injectable()
export class NoBodyPipe implements PipeTransform<unknown, void> {
  transform(value: unknown): void {
    if (value === undefined || value === null) return;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return;
    const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : ['(body)'];
    throw new ApplicationError(
      'VALIDATION_FAILED',
      400,
      'This endpoint takes no request body fields.',
      fields.map((field) => ({ field, rule: 'unknown-field', message: 'is not allowed here' })),
    );
  }
}
