import { ValidationError } from './errors';
import { money } from '../../kernel';
import { readTerm, termValueView } from './terms';
import { Issues } from './validation';

function read(key: unknown, value: unknown) {
  const issues = new Issues();
  const term = readTerm(issues, key, value, 'CNY');
  try {
    issues.throwIfAny();
    return { term };
  } catch (error) {
    return { issues: (error as ValidationError).details.map((d) => `${d.field}:${d.rule}`) };
  }
}

describe('term values', () => {
  it('reads a valuation in the round currency with its basis', () => {
    expect(read('valuation', { amount: '400000000000.00', basis: 'post-money' })).toEqual({
      term: { key: 'valuation', value: { amount: money(40_000_000_000_000n, 'CNY'), basis: 'post-money' } },
    });
  });

  it.each<[unknown, string[]]>([
    [{ amount: '1.001', basis: 'post-money' }, ['value.amount:decimals']],
    [{ amount: '1', basis: 'fully-diluted' }, ['value.basis:one-of']],
    [{ amount: 1000, basis: 'pre-money' }, ['value.amount:type']],
    [{ amount: '1', basis: 'pre-money', currency: 'USD' }, ['value.currency:unknown-property']],
    ['400bn', ['value:type']],
  ])('refuses valuation %p', (value, issues) => {
    expect(read('valuation', value)).toEqual({ issues });
  });

  it('reads a round size', () => {
    expect(read('round-size', { targetAmount: '10.00', hardCap: '20' })).toEqual({
      term: { key: 'round-size', value: { targetAmount: money(1000n, 'CNY'), hardCap: money(2000n, 'CNY') } },
    });
    expect(read('round-size', { targetAmount: '0', hardCap: '-1' })).toEqual({
      issues: ['value.targetAmount:positive', 'value.hardCap:format'],
    });
  });

  it.each([
    ['1', '1'],
    ['1.5', '1.5'],
    ['1.50', '1.5'],
    ['0.25', '0.25'],
    ['10', '10'],
    ['10.00', '10'],
  ])('reads liquidation preference multiple %p as %p', (multiple, canonical) => {
    expect(read('liquidation-preference', { multiple, participating: false })).toEqual({
      term: { key: 'liquidation-preference', value: { multiple: canonical, participating: false } },
    });
  });

  it.each<[unknown, string]>([
    [1.5, 'format'],
    ['1e1', 'format'],
    ['-1', 'format'],
    ['01', 'format'],
    ['1.125', 'format'],
    [' 1', 'format'],
    ['0', 'range'],
    ['0.00', 'range'],
    ['10.01', 'range'],
    ['11', 'range'],
  ])('refuses liquidation preference multiple %p', (multiple, rule) => {
    const result = read('liquidation-preference', { multiple, participating: true });
    expect(result).toEqual({ issues: [`value.multiple:${rule}`] });
  });

  it('requires liquidation preference participation as a boolean', () => {
    const result = read('liquidation-preference', { multiple: '1', participating: 'no' });
    expect(result).toEqual({ issues: ['value.participating:type'] });
  });

  it.each([0, 1, 20])('reads %p board seats', (seats) => {
    expect(read('board-seats', seats)).toEqual({ term: { key: 'board-seats', value: seats } });
  });

  it.each([-1, 21, 1.5, '2', NaN, null])('refuses %p board seats', (seats) => {
    expect(read('board-seats', seats)).toEqual({ issues: ['value:integer-range'] });
  });

  it('reads pro-rata rights as a boolean only', () => {
    expect(read('pro-rata-rights', true)).toEqual({ term: { key: 'pro-rata-rights', value: true } });
    expect(read('pro-rata-rights', 'yes')).toEqual({ issues: ['value:type'] });
  });

  it('reads custom x- terms as text up to 2,000 characters', () => {
    expect(read('x-no-shop', '60 days')).toEqual({ term: { key: 'x-no-shop', value: '60 days' } });
    expect(read(`x-${'a'.repeat(64)}`, 'ok')).toMatchObject({ term: { value: 'ok' } });
    expect(read('x-memo', 'a'.repeat(2000))).toMatchObject({ term: { key: 'x-memo' } });
    expect(read('x-memo', 'a'.repeat(2001))).toEqual({ issues: ['value:max-length'] });
    expect(read('x-memo', '  ')).toEqual({ issues: ['value:required'] });
    expect(read('x-memo', { text: 'no' })).toEqual({ issues: ['value:required'] });
  });

  it.each(['price-per-share', 'X-memo', 'x-', `x-${'a'.repeat(65)}`, 'x-Upper', 'x-under_score', '', 42, null])(
    'refuses the unknown key %p',
    (key) => {
      expect(read(key, 'anything')).toEqual({ issues: ['key:known-term'] });
    },
  );

  it('shows amounts in term values as decimal strings', () => {
    const { term } = read('round-size', { targetAmount: '10', hardCap: '20.5' });
    expect(termValueView(term!)).toEqual({ targetAmount: '10.00', hardCap: '20.50' });
  });
});
