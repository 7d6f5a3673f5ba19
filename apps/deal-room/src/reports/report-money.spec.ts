import { amountText, ratio, sumDecimals } from './report-money';

describe('report money', () => {
  it('formats minor units with the currency exponent, far beyond 2^63', () => {
    expect(amountText('5000000000000', 'CNY')).toBe('50000000000.00');
    expect(amountText('300', 'JPY')).toBe('300');
    expect(amountText('7', 'USD')).toBe('0.07');
    expect(amountText('123456789012345678901234567890', 'USD')).toBe('1234567890123456789012345678.90');
  });

  it('divides exactly to four places, rounding half to even', () => {
    expect(ratio(1_250_000n, 1_000_000n)).toBe('1.2500');
    expect(ratio(2n, 3n)).toBe('0.6667');
    expect(ratio(1n, 20_000n)).toBe('0.0000'); // 0.00005 is a tie: to even
    expect(ratio(3n, 20_000n)).toBe('0.0002'); // 0.00015: to even, up
    expect(ratio(0n, 5n)).toBe('0.0000');
    expect(ratio(5n, 0n)).toBeNull();
    expect(ratio(10n ** 40n + 1n, 10n ** 40n)).toBe('1.0000');
  });

  it('adds fixed-point decimals without floats', () => {
    expect(sumDecimals(['0.1000000000', '0.2000000000'])).toBe('0.3000000000');
    expect(sumDecimals(['0.0750000001', '0.0749999999', '0.0000000000'])).toBe('0.1500000000');
    expect(sumDecimals([])).toBeNull();
  });
});
