import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mintToken, readActorClaims } from './access-token';
import { Env } from './auth-config';
import { authConfigOrThrow, JWT_SECRET_FILE, loadOrCreateJwtSecret } from './jwt-secret';
import { chooseDataDir } from '../data-dir/data-dir';
import { ROLES } from '../kernel';

export const TOKEN_USAGE = `Usage: npm run -s token -- --sub <subject> --role <${ROLES.join('|')}> [options]

Prints an access token signed with AUTH_JWT_SECRET, or else with the secret the server created in
<data dir>/${JWT_SECRET_FILE}. The data directory is --data-dir, else DATA_DIR, else ./data: give the one the
server runs with (its listen line names it), or the token will be refused with 401.

Options:
  --sub <subject>        who the token speaks for, 1-128 characters
  --role <role>          ${ROLES.join(', ')}
  --investor <id>        the investor's firm; required with --role investor, refused otherwise
  --ttl <span>           lifetime such as 90s, 30m, 8h or 7d (default 8h)
  --data-dir <path>      the server's data directory, where the secret lives (default: DATA_DIR, else ./data)
  -h, --help             show this help
`;

const TTL = /^[1-9]\d*[smhd]$/;

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The whole `npm run token` command, minus process I/O, so that it can be tested. */
export async function runTokenCli(args: readonly string[], env: Env): Promise<CliResult> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        sub: { type: 'string' },
        role: { type: 'string' },
        investor: { type: 'string' },
        ttl: { type: 'string', default: '8h' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError([error instanceof Error ? error.message : String(error)]);
  }
  if (values.help) return { exitCode: 0, stdout: TOKEN_USAGE, stderr: '' };

  const problems: string[] = [];
  if (values.sub === undefined) problems.push('--sub is required');
  if (values.role === undefined) problems.push('--role is required');
  else if (!ROLES.some((role) => role === values.role)) problems.push(`--role must be one of ${ROLES.join(', ')}`);
  if (values.role === 'investor' && values.investor === undefined) {
    problems.push('--investor is required with --role investor');
  } else if (values.role !== undefined && values.role !== 'investor' && values.investor !== undefined) {
    problems.push('--investor is only allowed with --role investor');
  }
  if (!TTL.test(values.ttl)) {
    problems.push(`--ttl must be a number followed by s, m, h or d, got ${JSON.stringify(values.ttl)}`);
  }
  if (problems.length > 0) return usageError(problems);

  const claims = { sub: values.sub, role: values.role, investorId: values.investor };
  const read = readActorClaims(claims);
  if (!read.ok) return usageError([`invalid token claims: ${read.problem}`]);

  const choice = chooseDataDir(values['data-dir'], env);
  if ('error' in choice) return usageError([choice.error]);
  const { dataDir } = choice;
  // Creating a secret here would sign with a key no server checks: the server creates it on its first start.
  if (env.AUTH_JWT_SECRET === undefined && env.AUTH_JWKS_URL === undefined && !existsSync(join(dataDir, JWT_SECRET_FILE))) {
    const from = choice.source === 'default' ? 'the default, as neither --data-dir nor DATA_DIR is set' : `from ${choice.source}`;
    return {
      exitCode: 1,
      stdout: '',
      stderr: `No secret in ${join(resolve(dataDir), JWT_SECRET_FILE)} (${from}). Give the data directory the server runs with (--data-dir or DATA_DIR), start the server once so that it creates the secret, or set AUTH_JWT_SECRET as the server has it.\n`,
    };
  }
  try {
    const { issuer, audience, maxAge } = authConfigOrThrow(env);
    // A token the server would refuse for living too long is no use to anyone.
    if (ttlSeconds(values.ttl) > maxAge) {
      return usageError([`--ttl ${values.ttl} is longer than the maximum token age the server accepts (AUTH_JWT_MAX_AGE, ${maxAge} seconds)`]);
    }
    const secret = loadOrCreateJwtSecret(dataDir, env);
    const token = await mintToken(read.actor, secret, { expiresIn: values.ttl, issuer, audience });
    const source = env.AUTH_JWT_SECRET !== undefined ? 'AUTH_JWT_SECRET' : join(dataDir, JWT_SECRET_FILE);
    return { exitCode: 0, stdout: `${token}\n`, stderr: `Signed with ${source}, valid for ${values.ttl}\n` };
  } catch (error) {
    return { exitCode: 1, stdout: '', stderr: `${error instanceof Error ? error.message : String(error)}\n` };
  }
}

function usageError(problems: string[]): CliResult {
  const errors = problems.map((problem) => `error: ${problem}\n`).join('');
  return { exitCode: 2, stdout: '', stderr: `${errors}\n${TOKEN_USAGE}` };
}

function ttlSeconds(ttl: string): number {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
  return Number(ttl.slice(0, -1)) * units[ttl.slice(-1)];
}
