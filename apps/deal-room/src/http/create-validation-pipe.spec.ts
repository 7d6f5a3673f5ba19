import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { ApplicationError } from '../common/application-error';
import { createValidationPipe } from './create-validation-pipe';

class Money {
  @Matches(/^\d+(\.\d{1,2})?$/)
  @IsString()
  amount!: string;

  @IsIn(['EUR', 'USD'])
  currency!: string;
}

class OpenRound {
  @IsString()
  name!: string;

  @ValidateNested()
  @Type(() => Money)
  valuation!: Money;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Money)
  tranches?: Money[];
}

const body: ArgumentMetadata = { type: 'body', metatype: OpenRound };
const valid = { name: 'Series A', valuation: { amount: '50000000.00', currency: 'EUR' } };

async function refusalOf(value: unknown): Promise<ApplicationError> {
  const error: unknown = await createValidationPipe()
    .transform(value, body)
    .then(
      () => new Error('expected a refusal'),
      (reason: unknown) => reason,
    );
  if (!(error instanceof ApplicationError)) throw error;
  return error;
}

describe('createValidationPipe', () => {
  it('turns a valid body into the DTO class', async () => {
    const dto = await createValidationPipe().transform(valid, body);

    expect(dto).toBeInstanceOf(OpenRound);
    expect(dto.valuation).toBeInstanceOf(Money);
    // With the same values: nothing converted, defaulted or dropped on the way.
    expect(JSON.parse(JSON.stringify(dto))).toEqual(valid);
  });

  it('reports nested fields by their dotted path and each failed constraint by its name', async () => {
    const error = await refusalOf({ name: 7, valuation: { amount: 12, currency: 'EUR' } });

    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    expect(error.errors).toEqual([
      { field: 'name', rule: 'isString', message: 'name must be a string' },
      { field: 'valuation.amount', rule: 'isString', message: 'amount must be a string' },
      { field: 'valuation.amount', rule: 'matches', message: expect.stringMatching(/^amount must match/) },
    ]);
    expect(error.message).toBe('Invalid request: name (isString), valuation.amount (isString), valuation.amount (matches)');
  });

  it('numbers the items of a nested array', async () => {
    const error = await refusalOf({ ...valid, tranches: [valid.valuation, { amount: '1', currency: 'GBP' }] });

    expect(error.errors).toEqual([{ field: 'tranches.1.currency', rule: 'isIn', message: expect.any(String) }]);
  });

  it('refuses unknown fields, at any depth, as unknown-field', async () => {
    const error = await refusalOf({ ...valid, isAdmin: true, valuation: { ...valid.valuation, discount: '0.5' } });

    expect(error.errors).toEqual([
      { field: 'isAdmin', rule: 'unknown-field', message: 'property isAdmin should not exist' },
      { field: 'valuation.discount', rule: 'unknown-field', message: 'property discount should not exist' },
    ]);
  });

  it.each([
    ['no body', undefined],
    ['an array', [valid]],
    ['a string', 'Series A'],
  ])('refuses %s', async (_case, value) => {
    const error = await refusalOf(value);

    expect(error.status).toBe(400);
    expect(error.errors.length).toBeGreaterThan(0);
  });
});
