import fc from 'fast-check';
import {
  CURRENCIES,
  Currency,
  MAX_AMOUNT_DIGITS,
  exponentOf,
  formatAmount,
  formatMoney,
  isCurrency,
  money,
  parseAmount,
} from './money';

const parse = (input: unknown, currency: Currency = 'CNY') => parseAmount(input, currency);

describe('currencies', () => {
  it('uses the ISO 4217 exponents of the supported currencies', () => {
    expect(Object.fromEntries(CURRENCIES.map((c) => [c, exponentOf(c)]))).toEqual({
      CNY: 2, USD: 2, EUR: 2, GBP: 2, HKD: 2, SGD: 2, JPY: 0, KRW: 0,
    });
  });

  it.each(['XYZ', 'cny', '', 'toString', '__proto__', 'hasOwnProperty', 42, null, undefined])(
    'does not know %p',
    (code) => expect(isCurrency(code)).toBe(false),
  );
});

describe('parseAmount', () => {
  it.each<[string, Currency, bigint]>([
    ['1', 'CNY', 100n],
    ['1.5', 'CNY', 150n],
    ['1.50', 'CNY', 150n],
    ['0.01', 'USD', 1n],
    ['50000000000.00', 'CNY', 5_000_000_000_000n],
    ['200000000000', 'CNY', 20_000_000_000_000n],
    ['1000', 'JPY', 1000n],
    ['12345678901234567890123456.78', 'EUR', 1234567890123456789012345678n],
  ])('reads %p %s as %p minor units', (input, currency, minor) => {
    expect(parse(input, currency)).toEqual({ ok: true, money: { amount: minor, currency } });
  });

  it.each<[unknown, string]>([
    [1.5, 'type'],
    [100, 'type'],
    [100n, 'type'],
    [null, 'type'],
    [undefined, 'type'],
    [{ amount: '1' }, 'type'],
    [['1'], 'type'],
    ['', 'format'],
    [' 1', 'format'],
    ['1 ', 'format'],
    ['1\n', 'format'],
    ['\t1', 'format'],
    ['+1', 'format'],
    ['-1', 'format'],
    ['-0.01', 'format'],
    ['1e9', 'format'],
    ['1E9', 'format'],
    ['1.5e3', 'format'],
    ['0x10', 'format'],
    ['1,000.00', 'format'],
    ['1_000', 'format'],
    ['01', 'format'],
    ['00.10', 'format'],
    ['.5', 'format'],
    ['1.', 'format'],
    ['1..0', 'format'],
    ['1.2.3', 'format'],
    ['NaN', 'format'],
    ['Infinity', 'format'],
    ['١٢٣', 'format'],
    ['１２３', 'format'],
    ['0', 'positive'],
    ['0.00', 'positive'],
    ['0.0', 'positive'],
    ['1.001', 'decimals'],
    ['1.000', 'decimals'],
    ['9'.repeat(MAX_AMOUNT_DIGITS + 1), 'max-length'],
    ['9'.repeat(29) + '.99', 'max-length'],
  ])('refuses %p (%s)', (input, rule) => {
    expect(parse(input)).toMatchObject({ ok: false, rule });
  });

  it('refuses a megabyte of digits without reading it', () => {
    expect(parse('1'.repeat(1_000_000))).toMatchObject({ ok: false, rule: 'max-length' });
  });

  it('refuses any decimals for zero-exponent currencies', () => {
    expect(parse('100.0', 'JPY')).toMatchObject({ ok: false, rule: 'decimals' });
    expect(parse('100.5', 'KRW')).toMatchObject({ ok: false, rule: 'decimals' });
  });

  it('accepts exactly 30 digits', () => {
    expect(parse('9'.repeat(28) + '.99')).toMatchObject({ ok: true });
  });

  it('accepts zero only when asked to', () => {
    expect(parseAmount('0.00', 'CNY', { allowZero: true })).toEqual({ ok: true, money: money(0n, 'CNY') });
  });
});

describe('formatAmount', () => {
  it.each<[bigint, Currency, string]>([
    [5_000_000_000_000n, 'CNY', '50000000000.00'],
    [150n, 'USD', '1.50'],
    [1n, 'EUR', '0.01'],
    [0n, 'GBP', '0.00'],
    [1000n, 'JPY', '1000'],
    [-150n, 'HKD', '-1.50'],
  ])('writes %p %s as %p', (minor, currency, text) => {
    expect(formatAmount(money(minor, currency))).toBe(text);
  });

  it('names the currency in messages', () => {
    expect(formatMoney(money(5_000_000_000_000n, 'CNY'))).toBe('50000000000.00 CNY');
  });

  it('round-trips every amount exactly and canonically', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 30n - 1n }), fc.constantFrom(...CURRENCIES), (minor, currency) => {
        const text = formatAmount(money(minor, currency));
        expect(text.split('.')[1]?.length ?? 0).toBe(exponentOf(currency));
        expect(parse(text, currency)).toEqual({ ok: true, money: money(minor, currency) });
      }),
    );
  });
});
