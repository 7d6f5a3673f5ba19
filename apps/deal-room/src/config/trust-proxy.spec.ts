import { parseTrustProxy } from './trust-proxy';

function parse(raw: string | undefined): { value: unknown; errors: string[] } {
  const errors: string[] = [];
  const value = parseTrustProxy(raw, errors);
  return { value, errors };
}

describe('parseTrustProxy', () => {
  it('trusts no proxy by default or with false', () => {
    expect(parse(undefined)).toEqual({ value: false, errors: [] });
    expect(parse('false')).toEqual({ value: false, errors: [] });
  });

  it('takes a hop count', () => {
    expect(parse('2')).toEqual({ value: 2, errors: [] });
  });

  it.each([
    ['loopback'],
    ['10.0.0.0/8, loopback'],
    ['203.0.113.7'],
    ['2001:db8::/32,192.0.2.0/24'],
    ['::ffff:10.0.0.1'],
    ['::ffff:10.0.0.0/104'],
    ['0.0.0.0/1'],
    ['::/1,8000::/2'],
    ['loopback,linklocal,uniquelocal'],
  ])('takes the list %j', (raw) => {
    expect(parse(raw)).toEqual({ value: raw.split(',').map((entry) => entry.trim()), errors: [] });
  });

  it.each([
    ['0.0.0.0/1,128.0.0.0/1,::/1,8000::/1', 4],
    ['0.0.0.0/1,128.0.0.0/1', 4],
    ['128.0.0.0/1, 0.0.0.0/2, 64.0.0.0/2', 4],
    ['0.0.0.0/1,128.0.0.0/2,192.0.0.0/3,224.0.0.0/3', 4],
    ['::ffff:0:0/96', 4],
    ['::ffff:0.0.0.0/97,128.0.0.0/1', 4],
    ['::/1,8000::/1', 6],
    ['::/2,4000::/2,8000::/1', 6],
  ])('refuses %j, which covers every IPv%d address', (raw, family) => {
    const { value, errors } = parse(raw);

    expect(value).toBe(false);
    expect(errors).toEqual([
      `TRUST_PROXY must not cover every IPv${family} address, yet ${JSON.stringify(raw)} does: any client could then ` +
        'name its own address in X-Forwarded-For and escape the per-IP rate limit; list only your proxies',
    ]);
  });

  it('refuses true with its own reason', () => {
    expect(parse('true').errors).toEqual([
      'TRUST_PROXY=true would trust every client to name its own address in X-Forwarded-For; list your proxies instead',
    ]);
  });

  it.each([
    ['0.0.0.0/0', '"0.0.0.0/0" needs a prefix length from 1 to 32'],
    ['::/0', '"::/0" needs a prefix length from 1 to 128'],
    ['10.0.0.0/33', '"10.0.0.0/33" needs a prefix length from 1 to 32'],
    ['10.0.0.0/255.0.0.0', '"10.0.0.0/255.0.0.0" needs a prefix length from 1 to 32'],
    ['1.2.3', '"1.2.3" is not an IP address'],
    ['proxy.example.com', '"proxy.example.com" is not an IP address'],
    ['1; rm -rf', '"1; rm -rf" is not an IP address'],
    ['10.0.0.1,', '"" is not an IP address'],
  ])('refuses %j: %s', (raw, reason) => {
    const { value, errors } = parse(raw);

    expect(value).toBe(false);
    expect(errors).toEqual([
      'TRUST_PROXY must be false, a number of proxy hops (0-99), or a comma-separated list of proxy addresses, ' +
        `CIDRs (with a prefix length) or loopback/linklocal/uniquelocal; ${reason}, in ${JSON.stringify(raw)}`,
    ]);
  });

  it('refuses an empty value', () => {
    expect(parse('').errors).toEqual(['TRUST_PROXY is set but empty; unset it to use the default']);
  });
});
