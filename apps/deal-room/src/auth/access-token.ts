import { errors, JWTVerifyGetKey, jwtVerify, JWTVerifyOptions, SignJWT } from 'jose';
import { ApplicationError } from '../common/application-error';
import { SHARED_SECRET_ALGORITHM } from './auth-config';
import { KeySetUnavailableError } from './remote-key-set';
import { Actor, ROLES, Role } from '../kernel';

const INVESTOR_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const MAX_SUB_LENGTH = 128;
const REALM = 'deal-room';

export interface ActorClaims {
  readonly sub: string;
  readonly role: Role;
  readonly investorId?: string;
}

/** The shared secret, or a function that picks an identity provider's public key by the token's `kid`. */
export type VerificationKey = Uint8Array | JWTVerifyGetKey;

export interface TokenChecks {
  /**
   * The only `alg` values accepted (HS256 when unset). Pinned: the token's own header never chooses how it
   * is checked, so `alg: none` and algorithm-confusion tokens are refused before any signature is looked at.
   */
  readonly algorithms?: readonly string[];
  /** Required `iss` when set. */
  readonly issuer?: string;
  /** Required `aud` when set. */
  readonly audience?: string;
}

export interface MintOptions extends Omit<TokenChecks, 'algorithms'> {
  /** A jose time span: '8h', '30 minutes', '-1h' (already expired, for tests). */
  readonly expiresIn?: string;
}

export type ReadClaims = { ok: true; actor: Actor } | { ok: false; problem: string };

/** The actor a token speaks for, or why its claims do not describe one. */
export function readActorClaims(claims: Readonly<Record<string, unknown>>): ReadClaims {
  const { sub, role, investorId } = claims;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUB_LENGTH) {
    return { ok: false, problem: `sub must be a string of 1-${MAX_SUB_LENGTH} characters` };
  }
  const knownRole = ROLES.find((candidate) => candidate === role);
  if (knownRole === undefined) return { ok: false, problem: `role must be one of ${ROLES.join(', ')}` };
  if (knownRole !== 'investor') {
    // An investorId on any other role would be ignored; refusing it catches a token minted by mistake.
    if (investorId !== undefined) return { ok: false, problem: 'investorId is only allowed with the investor role' };
    return { ok: true, actor: { sub, role: knownRole } };
  }
  if (typeof investorId !== 'string' || !INVESTOR_ID.test(investorId)) {
    return {
      ok: false,
      problem: 'the investor role needs an investorId of 1-128 letters, digits, ".", "_", ":" or "-"',
    };
  }
  return { ok: true, actor: { sub, role: knownRole, investorId } };
}

export async function mintToken(
  claims: ActorClaims,
  secret: Uint8Array,
  { expiresIn = '8h', issuer, audience }: MintOptions = {},
): Promise<string> {
  const read = readActorClaims({ ...claims });
  if (!read.ok) throw new Error(`Cannot mint a token: ${read.problem}`);
  const { sub, ...rest } = read.actor;
  const jwt = new SignJWT({ ...rest })
    .setProtectedHeader({ alg: SHARED_SECRET_ALGORITHM, typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (issuer !== undefined) jwt.setIssuer(issuer);
  if (audience !== undefined) jwt.setAudience(audience);
  return jwt.sign(secret);
}

/**
 * The actor behind a bearer token. A bad token is an UNAUTHENTICATED ApplicationError (401); a key set that
 * cannot be fetched is IDENTITY_PROVIDER_UNAVAILABLE (503).
 */
export async function verifyAccessToken(token: string, key: VerificationKey, checks: TokenChecks = {}): Promise<Actor> {
  const algorithms = [...(checks.algorithms ?? [SHARED_SECRET_ALGORITHM])];
  const options: JWTVerifyOptions = { algorithms, requiredClaims: ['exp'], issuer: checks.issuer, audience: checks.audience };
  let payload: Record<string, unknown>;
  try {
    // Two calls because jose's overloads take a key or a key-picking function, not a union of the two.
    ({ payload } =
      typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options));
  } catch (error) {
    if (error instanceof KeySetUnavailableError) throw keysUnavailable();
    if (error instanceof errors.JOSEError) throw invalidToken(describeFailure(error, algorithms));
    throw error;
  }
  const read = readActorClaims(payload);
  if (!read.ok) throw invalidToken(`The access token does not describe an actor: ${read.problem}`);
  return read.actor;
}

export function missingToken(): ApplicationError {
  return new ApplicationError('UNAUTHENTICATED', 401, 'This request needs an Authorization: Bearer <token> header', [], {
    'WWW-Authenticate': `Bearer realm="${REALM}"`,
  });
}

// The identity provider's fault, not the caller's: a 401 would send a client to fetch a new token it has already.
function keysUnavailable(): ApplicationError {
  const detail = "The identity provider's signing keys could not be fetched to check the access token. Retry shortly.";
  return new ApplicationError('IDENTITY_PROVIDER_UNAVAILABLE', 503, detail, [], { 'Retry-After': '5' });
}

function invalidToken(detail: string): ApplicationError {
  // RFC 6750, section 3: the description may not hold '"' or '\'; ours are fixed phrases without them.
  return new ApplicationError('UNAUTHENTICATED', 401, detail, [], {
    'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${detail}"`,
  });
}

export const SIGNED_WITH_ANOTHER_SECRET =
  'The access token signature is invalid: was it minted with another secret, from another data directory or AUTH_JWT_SECRET than this server uses?';

// Fixed phrases rather than jose's messages, which are worded for developers and may change.
function describeFailure(error: InstanceType<typeof errors.JOSEError>, algorithms: readonly string[]): string {
  if (error instanceof errors.JWTExpired) return 'The access token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `The access token lacks the required ${error.claim} claim`;
    if (error.claim === 'nbf') return 'The access token is not valid yet';
    if (error.claim === 'iss') return 'The access token comes from another issuer';
    if (error.claim === 'aud') return 'The access token is meant for another audience';
    return `The access token has an invalid ${error.claim} claim`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return `The access token must be signed with ${algorithms.join(' or ')}`;
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return 'The access token was signed with a key the identity provider does not publish';
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'The access token does not name (kid) which of several keys signed it';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    // With a shared secret the usual cause is a token minted with another one: another data directory's
    // jwt-secret file, or another AUTH_JWT_SECRET.
    return algorithms.every((algorithm) => algorithm.startsWith('HS')) ? SIGNED_WITH_ANOTHER_SECRET : 'The access token signature is invalid';
  }
  return 'The access token is malformed';
}
