import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAppConfig, ParsedAppConfig } from './parse-app-config';

function errorsOf(parsed: ParsedAppConfig): string[] {
  if (parsed.ok) throw new Error(`expected errors, got config ${JSON.stringify(parsed.config)}`);
  return parsed.errors;
}

function configOf(parsed: ParsedAppConfig) {
  if (!parsed.ok) throw new Error(`expected a config, got errors:\n${parsed.errors.join('\n')}`);
  return parsed.config;
}

describe('parseAppConfig', () => {
  it('falls back to the defaults when nothing is set', () => {
    expect(configOf(parseAppConfig({}))).toEqual({
      port: 3000,
      dataDir: './data',
      eventStoreConnectionString: undefined,
      eventStoreMaxAppendSize: 1024 * 1024,
      logLevel: 'info',
      rateLimit: { perToken: 6000, perIp: 12000 },
      trustProxy: false,
      stateCacheBytes: 128 * 1024 * 1024,
      health: { maxProjectionLag: 10_000 },
    });
  });

  it('is silent by default under NODE_ENV=test, yet LOG_LEVEL still wins', () => {
    expect(configOf(parseAppConfig({ NODE_ENV: 'test' })).logLevel).toBe('silent');
    expect(configOf(parseAppConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug' })).logLevel).toBe('debug');
  });

  it('reads every variable', () => {
    const config = configOf(
      parseAppConfig({
        PORT: '0',
        DATA_DIR: '/var/lib/deal-room',
        EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_TOKEN: '0',
        RATE_LIMIT_PER_IP: '600',
        TRUST_PROXY: '10.0.0.0/8, loopback',
        STATE_CACHE_MB: '16',
        HEALTH_MAX_PROJECTION_LAG: '500',
        EVENTSTORE_MAX_APPEND_SIZE: '10000000',
      }),
    );
    expect(config).toEqual({
      port: 0,
      dataDir: '/var/lib/deal-room',
      eventStoreConnectionString: 'esdb://eventstore:2113?tls=false',
      eventStoreMaxAppendSize: 10_000_000,
      logLevel: 'warn',
      rateLimit: { perToken: 0, perIp: 600 },
      trustProxy: ['10.0.0.0/8', 'loopback'],
      stateCacheBytes: 16 * 1024 * 1024,
      health: { maxProjectionLag: 500 },
    });
  });

  it('takes STATE_CACHE_MB as whole megabytes, 0 keeping nothing, and refuses anything else', () => {
    expect(configOf(parseAppConfig({ STATE_CACHE_MB: '0' })).stateCacheBytes).toBe(0);
    for (const [bad, message] of [
      ['', 'STATE_CACHE_MB is set but empty; unset it to use the default'],
      ['-1', 'STATE_CACHE_MB must be a whole number of megabytes from 0, got "-1"'],
      ['1.5', 'STATE_CACHE_MB must be a whole number of megabytes from 0, got "1.5"'],
      ['lots', 'STATE_CACHE_MB must be a whole number of megabytes from 0, got "lots"'],
    ]) {
      expect(parseAppConfig({ STATE_CACHE_MB: bad })).toEqual({ ok: false, errors: [message] });
    }
  });

  it('takes EVENTSTORE_MAX_APPEND_SIZE as a whole number of bytes from 1, and refuses anything else', () => {
    for (const [bad, message] of [
      ['', 'EVENTSTORE_MAX_APPEND_SIZE is set but empty; unset it to use the default'],
      ['0', 'EVENTSTORE_MAX_APPEND_SIZE must be a whole number of bytes from 1, got "0"'],
      ['1MiB', 'EVENTSTORE_MAX_APPEND_SIZE must be a whole number of bytes from 1, got "1MiB"'],
      ['-5', 'EVENTSTORE_MAX_APPEND_SIZE must be a whole number of bytes from 1, got "-5"'],
    ]) {
      expect(parseAppConfig({ EVENTSTORE_MAX_APPEND_SIZE: bad })).toEqual({ ok: false, errors: [message] });
    }
  });

  it('takes TRUST_PROXY as false, a hop count or proxy addresses, and refuses trusting everyone', () => {
    expect(configOf(parseAppConfig({ TRUST_PROXY: 'false' })).trustProxy).toBe(false);
    expect(configOf(parseAppConfig({ TRUST_PROXY: '2' })).trustProxy).toBe(2);
    for (const bad of ['true', '', 'proxy.example.com', '1; rm -rf']) {
      const parsed = parseAppConfig({ TRUST_PROXY: bad });
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? '' : parsed.errors.join()).toMatch(/TRUST_PROXY/);
    }
  });

  it('lists bad rate limits and authentication settings with the rest', () => {
    const parsed = parseAppConfig({ PORT: 'x', RATE_LIMIT_PER_IP: '-1', AUTH_JWT_SECRET: 'short' });
    expect(parsed.ok).toBe(false);
    const errors = parsed.ok ? [] : parsed.errors;
    expect(errors).toHaveLength(3);
    expect(errors.join('\n')).toMatch(/PORT/);
    expect(errors.join('\n')).toMatch(/RATE_LIMIT_PER_IP/);
    expect(errors.join('\n')).toMatch(/AUTH_JWT_SECRET/);
  });

  it('returns a frozen config', () => {
    const config = configOf(parseAppConfig({}));
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each(['65535', '1', '8080'])('accepts PORT=%s', (port) => {
    expect(configOf(parseAppConfig({ PORT: port })).port).toBe(Number(port));
  });

  it.each(['abc', '-1', '65536', '3000.5', ' 3000', '1e3', '0x10', '999999'])('rejects PORT=%j', (port) => {
    expect(errorsOf(parseAppConfig({ PORT: port }))).toEqual([
      `PORT must be an integer from 0 to 65535 (0 picks a free port), got ${JSON.stringify(port)}`,
    ]);
  });

  it.each(['', '   '])('rejects DATA_DIR=%j', (dataDir) => {
    expect(errorsOf(parseAppConfig({ DATA_DIR: dataDir }))).toEqual([
      `DATA_DIR must be a non-empty path, got ${JSON.stringify(dataDir)}`,
    ]);
  });

  it.each([
    'esdb://localhost:2113?tls=false',
    'esdb+discover://admin:changeit@cluster.example.com:2113',
    'esdb://node1:2113,node2:2113,node3:2113?tls=true&keepAliveInterval=10000&nodePreference=leader',
  ])('accepts EVENTSTORE_CONNECTION_STRING=%s untouched', (connectionString) => {
    const config = configOf(parseAppConfig({ EVENTSTORE_CONNECTION_STRING: connectionString }));
    expect(config.eventStoreConnectionString).toBe(connectionString);
  });

  it.each(['http://x', 'localhost:2113', 'ESDB://localhost:2113', 'tcp://admin:changeit@localhost:1113'])(
    'rejects EVENTSTORE_CONNECTION_STRING=%j by scheme',
    (connectionString) => {
      const [error] = errorsOf(parseAppConfig({ EVENTSTORE_CONNECTION_STRING: connectionString }));
      expect(error).toMatch(/^EVENTSTORE_CONNECTION_STRING must start with esdb:\/\/ or esdb\+discover:\/\/, got /);
    },
  );

  it.each([
    ['esdb://localhost:notaport', /expected port number/],
    ['esdb://localhost:2113?tls=maybe', /expected true or false/],
    ['esdb://localhost:2113?defaultDeadline=soon', /expected Integer/],
    ['esdb://', /at position 0/],
  ])('rejects EVENTSTORE_CONNECTION_STRING=%j with the client parser reason', (connectionString, reason) => {
    const [error] = errorsOf(parseAppConfig({ EVENTSTORE_CONNECTION_STRING: connectionString }));
    expect(error).toMatch(/^EVENTSTORE_CONNECTION_STRING is not a valid connection string \(/);
    expect(error).toMatch(reason);
  });

  it('passes a TLS CA file through, and the client checks that it exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deal-room-config-'));
    const connectionString = `esdb://node1:2113?tls=true&tlsCAFile=${join(dir, 'ca.crt')}`;
    try {
      expect(errorsOf(parseAppConfig({ EVENTSTORE_CONNECTION_STRING: connectionString }))[0]).toMatch(
        /not a valid connection string \(Failed to load certificate file/,
      );

      writeFileSync(join(dir, 'ca.crt'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
      const config = configOf(parseAppConfig({ EVENTSTORE_CONNECTION_STRING: connectionString }));
      expect(config.eventStoreConnectionString).toBe(connectionString);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not echo a password in its messages', () => {
    const [error] = errorsOf(parseAppConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb://admin:s3cret@host:nope' }));
    expect(error).toContain('esdb://admin:***@host:nope');
    expect(error).not.toContain('s3cret');
  });

  it('rejects an unknown LOG_LEVEL', () => {
    expect(errorsOf(parseAppConfig({ LOG_LEVEL: 'verbose' }))).toEqual([
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    ]);
  });

  it.each(['PORT', 'EVENTSTORE_CONNECTION_STRING'])('rejects %s set to an empty string', (name) => {
    expect(errorsOf(parseAppConfig({ [name]: '' }))).toEqual([`${name} is set but empty; unset it to use the default`]);
  });

  it('reports every bad value at once', () => {
    const errors = errorsOf(
      parseAppConfig({ PORT: 'abc', DATA_DIR: '', EVENTSTORE_CONNECTION_STRING: 'http://x', LOG_LEVEL: 'loud' }),
    );
    expect(errors).toEqual([
      'PORT must be an integer from 0 to 65535 (0 picks a free port), got "abc"',
      'DATA_DIR must be a non-empty path, got ""',
      'EVENTSTORE_CONNECTION_STRING must start with esdb:// or esdb+discover://, got "http://x"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ]);
  });

  it('takes the data directory from --data-dir, else DATA_DIR, else ./data', () => {
    expect(configOf(parseAppConfig({ DATA_DIR: '/env' }, ['--data-dir', '/flag'])).dataDir).toBe('/flag');
    expect(configOf(parseAppConfig({ DATA_DIR: '/env' }, ['--data-dir=/flag'])).dataDir).toBe('/flag');
    expect(configOf(parseAppConfig({ DATA_DIR: '/env' })).dataDir).toBe('/env');
    expect(configOf(parseAppConfig({})).dataDir).toBe('./data');
    expect(errorsOf(parseAppConfig({}, ['--data-dir']))).toEqual(['--data-dir must be a non-empty path']);
    expect(errorsOf(parseAppConfig({}, ['--port', '1']))[0]).toMatch(/unknown argument "--port"/);
  });

  it('refuses a HEALTH_MAX_PROJECTION_LAG that is not a whole number', () => {
    expect(configOf(parseAppConfig({ HEALTH_MAX_PROJECTION_LAG: '0' })).health.maxProjectionLag).toBe(0);
    expect(errorsOf(parseAppConfig({ HEALTH_MAX_PROJECTION_LAG: '-1' }))).toEqual([
      'HEALTH_MAX_PROJECTION_LAG must be a whole number of positions from 0, got "-1"',
    ]);
  });
});
