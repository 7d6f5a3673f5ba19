import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { ApplicationError, FieldProblem } from '../common/application-error';
import { clipEcho, MAX_LISTED_ERRORS } from './problem-details';

// class-validator names the rule for a property the DTO does not declare after the option that
// triggers it; clients are told what happened instead.
const RENAMED_RULES: Readonly<Record<string, string>> = { whitelistValidation: 'unknown-field' };

/** Validates and transforms every DTO; unknown fields are refused rather than silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors: ValidationError[]) => {
      const problems = toFieldProblems(errors);
      return new ApplicationError('VALIDATION_FAILED', 400, describe(problems), problems);
    },
  });
}

/** One problem per failed constraint, at the dotted path of its property (`valuation.amount`, `items.0`). */
export function toFieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = [parent, error.property].filter((part) => part !== undefined && part !== '').join('.');
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field: field || '(body)',
      rule: RENAMED_RULES[rule] ?? rule,
      message,
    }));
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

function describe(problems: readonly FieldProblem[]): string {
  const named = problems.slice(0, MAX_LISTED_ERRORS).map(({ field, rule }) => `${clipEcho(field)} (${rule})`);
  const more = problems.length - named.length;
  return `Invalid request: ${named.join(', ')}${more > 0 ? `, and ${more} more` : ''}`;
}
