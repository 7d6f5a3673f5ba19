import { AuthConfig, parseAuthConfig, ParsedAuthConfig } from './auth-config';

const JWKS_URL = 'https://id.example.com/.well-known/jwks.json';
const SECRET = 'a shared secret that is long enough';

function configOf(parsed: ParsedAuthConfig): AuthConfig {
  if (!parsed.ok) throw new Error(`expected a config, got errors:\n${parsed.errors.join('\n')}`);
  return parsed.config;
}

function errorsOf(parsed: ParsedAuthConfig): string[] {
  if (parsed.ok) throw new Error('expected errors, got a config');
  return parsed.errors;
}

describe('parseAuthConfig with an identity provider', () => {
  it('reads AUTH_JWKS_URL and then accepts RS256 and ES256 only, by default', () => {
    const config = configOf(parseAuthConfig({ AUTH_JWKS_URL: JWKS_URL }));

    expect(config.jwksUrl?.href).toBe(JWKS_URL);
    expect(config.jwtSecret).toBeUndefined();
    expect(config.algorithms).toEqual(['RS256', 'ES256']);
  });

  it('takes an explicit list of algorithms, trimmed and without repeats', () => {
    const config = configOf(parseAuthConfig({ AUTH_JWKS_URL: JWKS_URL, AUTH_JWT_ALGORITHMS: 'PS256, ES384,PS256' }));

    expect(config.algorithms).toEqual(['PS256', 'ES384']);
  });

  it('accepts plain http for a loopback key set only, which is what tests serve', () => {
    expect(configOf(parseAuthConfig({ AUTH_JWKS_URL: 'http://127.0.0.1:8080/jwks' })).jwksUrl?.port).toBe('8080');
    expect(configOf(parseAuthConfig({ AUTH_JWKS_URL: 'http://localhost/jwks' })).jwksUrl?.hostname).toBe('localhost');
    expect(errorsOf(parseAuthConfig({ AUTH_JWKS_URL: 'http://id.example.com/jwks' }))).toEqual([
      'AUTH_JWKS_URL must be an https:// URL (http:// only for localhost), got "http://id.example.com/jwks"',
    ]);
  });

  it.each([
    ['a relative path', '/jwks.json', 'AUTH_JWKS_URL must be an absolute https:// URL, got "/jwks.json"'],
    ['another scheme', 'file:///etc/jwks.json', 'AUTH_JWKS_URL must be an https:// URL (http:// only for localhost), got "file:///etc/jwks.json"'],
    ['an empty value', ' ', 'AUTH_JWKS_URL is set but empty; unset it to use a shared secret'],
  ])('refuses %s', (_case, url, message) => {
    expect(errorsOf(parseAuthConfig({ AUTH_JWKS_URL: url }))).toEqual([message]);
  });

  it('refuses credentials in the URL without echoing them', () => {
    const errors = errorsOf(parseAuthConfig({ AUTH_JWKS_URL: 'https://ops:hunter2@id.example.com/jwks' }));

    expect(errors).toEqual(['AUTH_JWKS_URL must not carry a user name or password']);
  });

  it('refuses a shared secret next to a key set', () => {
    expect(errorsOf(parseAuthConfig({ AUTH_JWT_SECRET: SECRET, AUTH_JWKS_URL: JWKS_URL }))).toEqual([
      'AUTH_JWT_SECRET and AUTH_JWKS_URL are both set; set AUTH_JWT_SECRET for tokens signed with a shared secret, ' +
        "or AUTH_JWKS_URL for an identity provider's tokens, not both",
    ]);
  });

  it.each([
    ['HS256', '"HS256"'],
    ['RS256,none', '"none"'],
    ['rs256', '"rs256"'],
    ['RS256,,ES256', '""'],
  ])('refuses AUTH_JWT_ALGORITHMS=%s with a key set: no HMAC, no none, exact names', (algorithms, shown) => {
    expect(errorsOf(parseAuthConfig({ AUTH_JWKS_URL: JWKS_URL, AUTH_JWT_ALGORITHMS: algorithms }))).toEqual([
      `AUTH_JWT_ALGORITHMS may only list RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA with AUTH_JWKS_URL, got ${shown}`,
    ]);
  });
});

describe('parseAuthConfig with a shared secret', () => {
  it('accepts HS256 only, named or not', () => {
    expect(configOf(parseAuthConfig({ AUTH_JWT_SECRET: SECRET })).algorithms).toEqual(['HS256']);
    expect(configOf(parseAuthConfig({ AUTH_JWT_ALGORITHMS: 'HS256' })).algorithms).toEqual(['HS256']);
  });

  it.each(['RS256', 'HS256,HS512', 'none'])('refuses AUTH_JWT_ALGORITHMS=%s', (algorithms) => {
    const [error] = errorsOf(parseAuthConfig({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_ALGORITHMS: algorithms }));

    expect(error).toMatch(/^AUTH_JWT_ALGORITHMS can only be HS256 with a shared secret \(AUTH_JWKS_URL is unset\), got "/);
  });

  it('refuses an empty AUTH_JWT_ALGORITHMS', () => {
    expect(errorsOf(parseAuthConfig({ AUTH_JWT_ALGORITHMS: '' }))).toEqual([
      'AUTH_JWT_ALGORITHMS is set but empty; unset it to accept HS256',
    ]);
  });
});

describe('parseAuthConfig: token lifetime and the token cache', () => {
  it('defaults to a day of token age, 30 s of clock tolerance and 10,000 tokens kept', () => {
    expect(configOf(parseAuthConfig({}))).toMatchObject({ maxAge: 86400, clockTolerance: 30, tokenCacheEntries: 10000 });
  });

  it.each([
    ['3600', 3600],
    ['90s', 90],
    ['30m', 1800],
    ['8h', 28800],
    ['7d', 604800],
  ])('reads AUTH_JWT_MAX_AGE=%s as %d seconds', (raw, seconds) => {
    expect(configOf(parseAuthConfig({ AUTH_JWT_MAX_AGE: raw })).maxAge).toBe(seconds);
  });

  it('takes 0 for AUTH_JWT_CLOCK_TOLERANCE and AUTH_TOKEN_CACHE_SIZE', () => {
    expect(configOf(parseAuthConfig({ AUTH_JWT_CLOCK_TOLERANCE: '0', AUTH_TOKEN_CACHE_SIZE: '0' }))).toMatchObject({ clockTolerance: 0, tokenCacheEntries: 0 });
  });

  it('refuses every bad value at once', () => {
    expect(errorsOf(parseAuthConfig({ AUTH_JWT_MAX_AGE: '0', AUTH_JWT_CLOCK_TOLERANCE: '1h', AUTH_TOKEN_CACHE_SIZE: '-1' }))).toEqual([
      'AUTH_JWT_MAX_AGE must be a number of seconds, or a number followed by s, m, h or d, from 1 to 31622400 seconds (unset: 86400), got "0"',
      'AUTH_JWT_CLOCK_TOLERANCE must be a number of seconds, or a number followed by s, m, h or d, from 0 to 600 seconds (unset: 30), got "1h"',
      'AUTH_TOKEN_CACHE_SIZE must be a number of tokens from 0 (keep none) to 1000000 (unset: 10000), got "-1"',
    ]);
  });

  it.each(['', '1.5h', '1e3', 'forever', '400d'])('refuses AUTH_JWT_MAX_AGE=%j', (raw) => {
    expect(errorsOf(parseAuthConfig({ AUTH_JWT_MAX_AGE: raw }))[0]).toMatch(/^AUTH_JWT_MAX_AGE must be a number of seconds/);
  });
});
