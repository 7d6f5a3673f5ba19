import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAccessToken } from './access-token';
import { JWT_SECRET_FILE, loadOrCreateJwtSecret } from './jwt-secret';
import { runTokenCli, TOKEN_USAGE } from './token-cli';

describe('npm run token', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'deal-room-token-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a token signed with the secret the server created in the data dir', async () => {
    const secret = loadOrCreateJwtSecret(dataDir, {});
    const result = await runTokenCli(['--sub', 'alice', '--role', 'deal-lead', '--data-dir', dataDir], {});

    expect(result.exitCode).toBe(0);
    expect(statSync(join(dataDir, JWT_SECRET_FILE)).mode & 0o777).toBe(0o600);
    await expect(verifyAccessToken(result.stdout.trim(), secret)).resolves.toEqual({ sub: 'alice', role: 'deal-lead' });
    expect(result.stderr).toBe(`Signed with ${join(dataDir, JWT_SECRET_FILE)}, valid for 8h\n`);
  });

  it('refuses a --ttl longer than the maximum token age the server accepts', async () => {
    loadOrCreateJwtSecret(dataDir, {});
    const result = await runTokenCli(['--sub', 'alice', '--role', 'auditor', '--ttl', '2d', '--data-dir', dataDir], {});

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: --ttl 2d is longer than the maximum token age the server accepts \(AUTH_JWT_MAX_AGE, 86400 seconds\)\n/);
    expect(result.stdout).toBe('');
    expect((await runTokenCli(['--sub', 'alice', '--role', 'auditor', '--ttl', '2d', '--data-dir', dataDir], { AUTH_JWT_MAX_AGE: '7d' })).exitCode).toBe(0);
  });

  it('refuses, creating nothing, where no server has made a secret, and says which directory it looked in', async () => {
    const result = await runTokenCli(['--sub', 'alice', '--role', 'deal-lead'], { DATA_DIR: join(dataDir, 'mistyped') });

    expect(result).toMatchObject({ exitCode: 1, stdout: '' });
    expect(result.stderr).toContain(`No secret in ${join(dataDir, 'mistyped', JWT_SECRET_FILE)} (from DATA_DIR)`);
    expect(existsSync(join(dataDir, 'mistyped'))).toBe(false);
  });

  it('takes DATA_DIR when --data-dir is absent', async () => {
    loadOrCreateJwtSecret(dataDir, {});
    const result = await runTokenCli(['--sub', 'alice', '--role', 'auditor'], { DATA_DIR: dataDir });

    expect(result.exitCode).toBe(0);
    expect(statSync(join(dataDir, JWT_SECRET_FILE)).isFile()).toBe(true);
  });

  it('signs an investor token with AUTH_JWT_SECRET, issuer and audience, for the given lifetime', async () => {
    const env = {
      AUTH_JWT_SECRET: 'a shared secret that is long enough',
      AUTH_JWT_ISSUER: 'deal-room-cli',
      AUTH_JWT_AUDIENCE: 'deal-room',
    };
    const args = ['--sub', 'pony', '--role', 'investor', '--investor', 'tencent', '--ttl', '15m', '--data-dir', dataDir];

    const result = await runTokenCli(args, env);

    expect(result.exitCode).toBe(0);
    const token = result.stdout.trim();
    const actor = await verifyAccessToken(token, new TextEncoder().encode(env.AUTH_JWT_SECRET), {
      issuer: 'deal-room-cli',
      audience: 'deal-room',
    });
    expect(actor).toEqual({ sub: 'pony', role: 'investor', investorId: 'tencent' });
    const { exp, iat } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, number>;
    expect(exp - iat).toBe(15 * 60);
    expect(() => statSync(join(dataDir, JWT_SECRET_FILE))).toThrow(/ENOENT/);
  });

  it('prints the usage for --help', async () => {
    expect(await runTokenCli(['--help'], {})).toEqual({ exitCode: 0, stdout: TOKEN_USAGE, stderr: '' });
  });

  it.each([
    [[], ['--sub is required', '--role is required']],
    [['--sub', 'a', '--role', 'owner'], ['--role must be one of deal-lead, investor, auditor, admin']],
    [['--sub', 'a', '--role', 'investor'], ['--investor is required with --role investor']],
    [['--sub', 'a', '--role', 'admin', '--investor', 'x'], ['--investor is only allowed with --role investor']],
    [['--sub', 'a', '--role', 'admin', '--ttl', 'forever'], ['--ttl must be a number followed by s, m, h or d, got "forever"']],
    [['--sub', 'a', '--role', 'admin', '--ttl', '0h'], ['--ttl must be a number followed by s, m, h or d, got "0h"']],
    [['--sub', '', '--role', 'admin'], ['invalid token claims: sub must be a string of 1-128 characters']],
    [['--sub', 'a', '--role', 'investor', '--investor', 'a b'], [expect.stringMatching(/^invalid token claims: the investor role/)]],
  ])('refuses %j with a usage error', async (args, problems) => {
    const result = await runTokenCli(args, { DATA_DIR: dataDir });

    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    const [errors, usage] = result.stderr.split('\n\n');
    expect(errors.split('\n').map((line) => line.replace(/^error: /, ''))).toEqual(problems);
    expect(result.stderr.endsWith(TOKEN_USAGE)).toBe(true);
    expect(usage).toMatch(/^Usage: /);
  });

  it.each([
    [['--sub', 'a', '--role', 'admin', '--rol', 'x'], /Unknown option '--rol'/],
    [['--sub', 'a', '--role', 'admin', 'extra'], /Unexpected argument 'extra'/],
    [['--sub'], /Option '--sub <value>' argument missing/],
  ])('refuses the malformed command line %j', async (args, message) => {
    const result = await runTokenCli(args, { DATA_DIR: dataDir });

    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses to mint with AUTH_JWKS_URL, where tokens come from the identity provider, and creates no secret', async () => {
    const env = { AUTH_JWKS_URL: 'https://id.example.com/.well-known/jwks.json' };

    const result = await runTokenCli(['--sub', 'a', '--role', 'admin', '--data-dir', dataDir], env);

    expect(result).toEqual({ exitCode: 1, stdout: '', stderr: expect.stringMatching(/^AUTH_JWKS_URL is set: /) });
    expect(() => statSync(join(dataDir, JWT_SECRET_FILE))).toThrow(/ENOENT/);
  });

  it('fails with the configuration error when AUTH_JWT_SECRET is too short', async () => {
    const result = await runTokenCli(['--sub', 'a', '--role', 'admin'], { AUTH_JWT_SECRET: 'short' });

    expect(result).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'Invalid authentication configuration: AUTH_JWT_SECRET must be at least 32 bytes, got 5\n',
    });
  });
});
