import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JWT_SECRET_FILE, loadOrCreateJwtSecret, parseAuthConfig } from '../../apps/deal-room/src/auth';

type Env = Readonly<Record<string, string | undefined>>;

export interface DemoAuth {
  readonly secret: Uint8Array;
  readonly issuer?: string;
  readonly audience?: string;
}

/**
 * The key the running server checks tokens with: AUTH_JWT_SECRET, else `<DATA_DIR or ./data>/jwt-secret`,
 * read the way the server reads it. Unlike the server, the demo never creates the file: a new secret
 * would not be the one the server uses.
 */
export function demoAuthFromEnv(env: Env): DemoAuth {
  const parsed = parseAuthConfig(env);
  if (!parsed.ok) throw new Error(`Invalid authentication configuration: ${parsed.errors.join('; ')}`);
  const { issuer, audience } = parsed.config;
  const dataDir = env.DATA_DIR ?? './data';
  if (env.AUTH_JWT_SECRET === undefined && !existsSync(join(dataDir, JWT_SECRET_FILE))) {
    throw new Error(
      `No AUTH_JWT_SECRET and no ${join(dataDir, JWT_SECRET_FILE)}. Start Deal Room first (npm start), which ` +
        'creates that file, or set AUTH_JWT_SECRET (and DATA_DIR) to what the server uses.',
    );
  }
  return { secret: loadOrCreateJwtSecret(dataDir, env), issuer, audience };
}
