import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAuthConfig } from './auth-config';
import { JWT_SECRET_FILE, loadOrCreateJwtSecret } from './jwt-secret';

const text = (key: Uint8Array): string => new TextDecoder().decode(key);

describe('loadOrCreateJwtSecret', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'deal-room-auth-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a random secret readable by the owner only, in a data dir that may not exist yet', () => {
    const nested = join(dataDir, 'not', 'there');

    const key = loadOrCreateJwtSecret(nested, {});

    const path = join(nested, JWT_SECRET_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(text(key)).toBe(readFileSync(path, 'utf8').trim());
  });

  it('reuses the secret on later starts', () => {
    const first = loadOrCreateJwtSecret(dataDir, {});

    expect(loadOrCreateJwtSecret(dataDir, {})).toEqual(first);
  });

  it('makes a different secret for another data dir', () => {
    const other = mkdtempSync(join(tmpdir(), 'deal-room-auth-'));
    try {
      expect(loadOrCreateJwtSecret(other, {})).not.toEqual(loadOrCreateJwtSecret(dataDir, {}));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('prefers AUTH_JWT_SECRET and then writes no file', () => {
    const secret = 'an environment secret of more than 32 bytes';

    expect(text(loadOrCreateJwtSecret(dataDir, { AUTH_JWT_SECRET: secret }))).toBe(secret);
    expect(() => statSync(join(dataDir, JWT_SECRET_FILE))).toThrow(/ENOENT/);
  });

  it('refuses an AUTH_JWT_SECRET shorter than 32 bytes without echoing it', () => {
    expect(() => loadOrCreateJwtSecret(dataDir, { AUTH_JWT_SECRET: 'hunter2' })).toThrow(
      'Invalid authentication configuration: AUTH_JWT_SECRET must be at least 32 bytes, got 7',
    );
  });

  it('refuses to load or create a secret when AUTH_JWKS_URL is set, and writes no file', () => {
    expect(() => loadOrCreateJwtSecret(dataDir, { AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json' })).toThrow(
      /^AUTH_JWKS_URL is set: .*there is no shared secret$/,
    );
    expect(() => statSync(join(dataDir, JWT_SECRET_FILE))).toThrow(/ENOENT/);
  });

  it('refuses a secret file that was truncated, rather than replacing it', () => {
    writeFileSync(join(dataDir, JWT_SECRET_FILE), 'abc\n');

    expect(() => loadOrCreateJwtSecret(dataDir, {})).toThrow(/jwt-secret must be at least 32 bytes, got 3; delete it/);
  });
});

describe('parseAuthConfig', () => {
  it('needs nothing', () => {
    expect(parseAuthConfig({})).toEqual({
      ok: true,
      config: {
        jwtSecret: undefined,
        jwksUrl: undefined,
        algorithms: ['HS256'],
        issuer: undefined,
        audience: undefined,
        maxAge: 86400,
        clockTolerance: 30,
        tokenCacheEntries: 10000,
      },
    });
  });

  it('counts bytes, not characters', () => {
    // 16 two-byte characters: 32 bytes.
    expect(parseAuthConfig({ AUTH_JWT_SECRET: 'é'.repeat(16) }).ok).toBe(true);
    expect(parseAuthConfig({ AUTH_JWT_SECRET: 'e'.repeat(31) }).ok).toBe(false);
  });

  it('reads the issuer and the audience', () => {
    const parsed = parseAuthConfig({ AUTH_JWT_ISSUER: 'https://id.example.com', AUTH_JWT_AUDIENCE: 'deal-room' });

    expect(parsed).toMatchObject({ ok: true, config: { issuer: 'https://id.example.com', audience: 'deal-room' } });
  });

  it('reports every empty or short value at once', () => {
    expect(parseAuthConfig({ AUTH_JWT_SECRET: '', AUTH_JWT_ISSUER: ' ', AUTH_JWT_AUDIENCE: '' })).toEqual({
      ok: false,
      errors: [
        'AUTH_JWT_SECRET is set but empty; unset it to use the secret file in DATA_DIR',
        'AUTH_JWT_ISSUER is set but empty; unset it to accept tokens without that claim check',
        'AUTH_JWT_AUDIENCE is set but empty; unset it to accept tokens without that claim check',
      ],
    });
  });
});
