import { Metadata } from '@grpc/grpc-js';
import { Principal, Users } from './users';

/** The five rights of EventStoreDB's stream ACLs, by their `$acl` keys. */
export type Right = '$r' | '$w' | '$d' | '$mr' | '$mw';

export type StreamAcl = Partial<Record<Right, string[]>>;

export type AccessCheck = { kind: 'granted'; principal: Principal } | { kind: 'unauthenticated' } | { kind: 'denied' };

/** Reads a stream's `$acl` from its current metadata; `$all` and metastreams have none of their own. */
export type AclLookup = (stream: string) => StreamAcl | null;

const ALL = '$all';
const ADMINS = '$admins';

/** Parses `$acl` as EventStoreDB accepts it: each right a role name or a list of them. */
export function aclOf(metadata: Record<string, unknown>): StreamAcl | null {
  const raw = metadata.$acl;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const acl: StreamAcl = {};
  for (const right of ['$r', '$w', '$d', '$mr', '$mw'] as const) {
    const value = (raw as Record<string, unknown>)[right];
    if (typeof value === 'string') acl[right] = [value];
    else if (Array.isArray(value)) acl[right] = value.filter((role): role is string => typeof role === 'string');
  }
  return acl;
}

/**
 * Authentication and stream ACLs, as EventStoreDB applies them with its default settings: members of
 * `$admins` may do anything; otherwise a stream's `$acl` decides, and where it says nothing the default
 * applies: everyone (`$all`) on user streams, `$admins` only on system streams (`$`-prefixed, `$all`
 * included). A metastream `$$s` is read and written under `$mr` / `$mw` of `s`. Anonymous calls are
 * refused unless `allowAnonymous` is set (EventStoreDB 23.10+ refuses them by default).
 */
export class AccessControl {
  constructor(
    private readonly users: Users,
    private readonly aclLookup: AclLookup,
    private readonly allowAnonymous: boolean,
  ) {}

  check(metadata: Metadata, stream: string, right: Right): AccessCheck {
    const authentication = this.users.authenticate(metadata);
    if (authentication.kind === 'unauthenticated') return authentication;
    const { principal } = authentication;
    if (principal.groups.includes(ADMINS)) return { kind: 'granted', principal };
    if (principal.name === null && !this.allowAnonymous) return { kind: 'denied' };
    let target = stream;
    let effective = right;
    if (stream.startsWith('$$')) {
      target = stream.slice(2);
      effective = right === '$r' ? '$mr' : right === '$w' ? '$mw' : right;
    }
    const roles = (target === ALL ? null : this.aclLookup(target)?.[effective]) ?? (target.startsWith('$') ? [ADMINS] : [ALL]);
    const granted = roles.some((role) => role === ALL || role === principal.name || principal.groups.includes(role));
    return granted ? { kind: 'granted', principal } : { kind: 'denied' };
  }
}

/** Insecure mode, like EventStoreDB's `--insecure`: no authentication, everything allowed. */
export const OPEN_ACCESS = {
  check: (): AccessCheck => ({ kind: 'granted', principal: { name: null, groups: [] } }),
};

export type Access = Pick<AccessControl, 'check'>;
