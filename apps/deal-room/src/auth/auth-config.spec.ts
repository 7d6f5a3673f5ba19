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
