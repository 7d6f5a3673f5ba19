import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';

export interface Principal {
  /** null for a call without credentials. */
  readonly name: string | null;
  readonly groups: readonly string[];
}

export const ANONYMOUS: Principal = { name: null, groups: [] };

export type Authentication = { kind: 'ok'; principal: Principal } | { kind: 'unauthenticated' };

interface User {
  groups: string[];
  digest: Buffer;
}

const digestOf = (password: string): Buffer => createHash('sha256').update(password, 'utf8').digest();

/** A password for a generated account: URL-safe, so it can stand in a connection string as is. */
export const generatePassword = (): string => randomBytes(24).toString('base64url');

/**
 * EventStoreDB's two built-in accounts, `admin` (group `$admins`) and `ops` (group `$ops`), whose passwords
 * default to `changeit` as on the real server. The passwords live in memory only (hashed), so nothing
 * about them is written to the data directory.
 */
export class Users {
  private readonly users = new Map<string, User>();

  constructor(passwords: { admin: string; ops: string }) {
    this.users.set('admin', { groups: ['$admins'], digest: digestOf(passwords.admin) });
    this.users.set('ops', { groups: ['$ops'], digest: digestOf(passwords.ops) });
  }

  /** Reads `authorization: Basic <user:password>`, as the client sends it; no header is anonymous. */
  authenticate(metadata: Metadata): Authentication {
    const [header] = metadata.get('authorization');
    if (header === undefined) return { kind: 'ok', principal: ANONYMOUS };
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(String(header));
    if (!match) return { kind: 'unauthenticated' };
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { kind: 'unauthenticated' };
    const name = decoded.slice(0, colon);
    const user = this.users.get(name);
    if (!user || !timingSafeEqual(user.digest, digestOf(decoded.slice(colon + 1)))) return { kind: 'unauthenticated' };
    return { kind: 'ok', principal: { name, groups: user.groups } };
  }
}
