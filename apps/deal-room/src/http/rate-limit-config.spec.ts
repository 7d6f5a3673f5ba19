import { DEFAULT_RATE_LIMITS, parseRateLimitConfig, ParsedRateLimitConfig, rateLimitConfigOrThrow } from './rate-limit-config';

function errorsOf(parsed: ParsedRateLimitConfig): string[] {
  if (parsed.ok) throw new Error(`expected errors, got ${JSON.stringify(parsed.config)}`);
  return parsed.errors;
}

describe('parseRateLimitConfig', () => {
  it('defaults to 6,000 a minute per token and 12,000 per IP', () => {
    expect(parseRateLimitConfig({})).toEqual({ ok: true, config: { perToken: 6000, perIp: 12000 } });
    expect(DEFAULT_RATE_LIMITS).toEqual({ perToken: 6000, perIp: 12000 });
  });

  it('reads both, 0 included, into a frozen config', () => {
    const parsed = parseRateLimitConfig({ RATE_LIMIT_PER_TOKEN: '0', RATE_LIMIT_PER_IP: '100000' });

    expect(parsed).toEqual({ ok: true, config: { perToken: 0, perIp: 100000 } });
    expect(parsed.ok && Object.isFrozen(parsed.config)).toBe(true);
  });

  it.each(['-1', '1.5', '1e3', ' 10', '10 ', '0x10', 'many', '100001', '9999999'])('refuses RATE_LIMIT_PER_TOKEN=%j', (raw) => {
    expect(errorsOf(parseRateLimitConfig({ RATE_LIMIT_PER_TOKEN: raw }))).toEqual([
      `RATE_LIMIT_PER_TOKEN must be an integer from 0 to 100000 requests per minute (0 turns the limit off), got ${JSON.stringify(raw)}`,
    ]);
  });

  it('reports every bad value at once, empty ones included', () => {
    expect(errorsOf(parseRateLimitConfig({ RATE_LIMIT_PER_TOKEN: '', RATE_LIMIT_PER_IP: 'lots' }))).toEqual([
      'RATE_LIMIT_PER_TOKEN is set but empty; unset it to use the default (6000 requests per minute)',
      'RATE_LIMIT_PER_IP must be an integer from 0 to 100000 requests per minute (0 turns the limit off), got "lots"',
    ]);
  });

  it('throws one message for the lot with rateLimitConfigOrThrow', () => {
    expect(() => rateLimitConfigOrThrow({ RATE_LIMIT_PER_IP: '-5' })).toThrow(
      /^Invalid rate limit configuration: RATE_LIMIT_PER_IP must be an integer/,
    );
    expect(rateLimitConfigOrThrow({ RATE_LIMIT_PER_IP: '7' })).toEqual({ perToken: 6000, perIp: 7 });
  });
});
