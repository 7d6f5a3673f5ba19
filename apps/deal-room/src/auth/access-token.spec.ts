import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import { CompactEncrypt, exportJWK, SignJWT } from 'jose';
import { ApplicationError } from '../common/application-error';
import { mintToken, readActorClaims, SIGNED_WITH_ANOTHER_SECRET, verifyAccessToken } from './access-token';

const secret = new TextEncoder().encode(randomBytes(32).toString('hex'));
const dealLead = { sub: 'alice', role: 'deal-lead' } as const;

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const inSeconds = (seconds: number): number => Math.floor(Date.now() / 1000) + seconds;

/** A token signed with `secret` whose claims and header are exactly what the test says (`iat` now unless given). */
function signed(claims: Record<string, unknown>, alg = 'HS256', key = secret): Promise<string> {
  return new SignJWT({ iat: inSeconds(0), ...claims }).setProtectedHeader({ alg }).sign(key);
}

async function refusalOf(token: string, checks = {}): Promise<ApplicationError> {
  const error: unknown = await verifyAccessToken(token, secret, checks).then(
    (actor) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(actor)}`);
    },
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApplicationError)) throw error;
  return error;
}

describe('verifyAccessToken', () => {
  it('returns the actor of a valid token', async () => {
    const token = await mintToken(dealLead, secret);

    await expect(verifyAccessToken(token, secret)).resolves.toEqual({ sub: 'alice', role: 'deal-lead' });
  });

  it('returns an investor with its firm', async () => {
    const token = await mintToken({ sub: 'ma.huateng', role: 'investor', investorId: 'tencent' }, secret);

    await expect(verifyAccessToken(token, secret)).resolves.toEqual({
      sub: 'ma.huateng',
      role: 'investor',
      investorId: 'tencent',
    });
  });

  it('answers 401 with a Bearer challenge naming the token invalid', async () => {
    const error = await refusalOf(await mintToken(dealLead, secret, { expiresIn: '-1 minute' }));

    expect(error).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, message: 'The access token has expired' });
    expect(error.headers['WWW-Authenticate']).toBe(
      'Bearer realm="deal-room", error="invalid_token", error_description="The access token has expired"',
    );
  });

  it('refuses a token that is not valid yet', async () => {
    const token = await signed({ ...dealLead, exp: inSeconds(7200), nbf: inSeconds(3600) });

    expect((await refusalOf(token)).message).toBe('The access token is not valid yet');
  });

  it('refuses a token without exp', async () => {
    expect((await refusalOf(await signed({ ...dealLead }))).message).toBe('The access token lacks the required exp claim');
  });

  it('refuses alg none', async () => {
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...dealLead, exp: inSeconds(3600) })}.`;

    expect((await refusalOf(token)).message).toBe('The access token must be signed with HS256');
  });

  it('refuses HS512, even signed with the right secret', async () => {
    const token = await signed({ ...dealLead, exp: inSeconds(3600) }, 'HS512');

    expect((await refusalOf(token)).message).toBe('The access token must be signed with HS256');
  });

  // Issue 14, what held: tokens that only look signed, or that carry their own key or rules, are refused.
  it('refuses RS256, and a token that embeds its own key (jwk header) to be checked with', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const claims = { ...dealLead, iat: inSeconds(0), exp: inSeconds(3600) };
    const rs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    const embedded = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', jwk: await exportJWK(publicKey) }).sign(privateKey);
    for (const token of [rs256, embedded]) expect((await refusalOf(token)).message).toBe('The access token must be signed with HS256');
  });

  it('refuses a token with a crit header parameter it does not understand, even signed with the right secret', async () => {
    // Signed by hand: jose itself will not sign a header with a crit extension it does not know.
    const signingInput = `${base64url({ alg: 'HS256', crit: ['x-deal-room'], 'x-deal-room': true })}.${base64url({ ...dealLead, iat: inSeconds(0), exp: inSeconds(3600) })}`;
    const token = `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
    expect(await refusalOf(token)).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    // The same claims without crit, signed the same way, are accepted: the refusal is about crit.
    const plainInput = `${base64url({ alg: 'HS256' })}.${base64url({ ...dealLead, iat: inSeconds(0), exp: inSeconds(3600) })}`;
    await expect(verifyAccessToken(`${plainInput}.${createHmac('sha256', secret).update(plainInput).digest('base64url')}`, secret)).resolves.toEqual(dealLead);
  });

  it('refuses an encrypted token (JWE), whatever it holds', async () => {
    const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ ...dealLead, exp: inSeconds(3600) })))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(secret.subarray(0, 32));
    expect(jwe.split('.')).toHaveLength(5);
    expect(await refusalOf(jwe)).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, message: 'The access token is malformed' });
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await mintToken({ sub: 'bob', role: 'auditor' }, secret)).split('.');
    const forged = `${header}.${base64url({ sub: 'bob', role: 'admin', exp: inSeconds(3600) })}.${signature}`;

    expect((await refusalOf(forged)).message).toBe(SIGNED_WITH_ANOTHER_SECRET);
  });

  it('refuses a token signed with another secret', async () => {
    const token = await mintToken(dealLead, new TextEncoder().encode('another secret of at least 32 bytes'));

    expect((await refusalOf(token)).message).toMatch(/^The access token signature is invalid: was it minted with another secret, from another data directory/);
  });

  it.each(['', 'not-a-token', 'a.b.c', 'a.b'])('refuses the malformed token %j', async (token) => {
    expect((await refusalOf(token)).message).toBe('The access token is malformed');
  });

  it.each([
    ['no role', { sub: 'alice' }, /role must be one of deal-lead, investor, auditor, admin/],
    ['an unknown role', { sub: 'alice', role: 'owner' }, /role must be one of/],
    ['no sub', { role: 'admin' }, /sub must be a string of 1-128 characters/],
    ['a sub of 129 characters', { sub: 'x'.repeat(129), role: 'admin' }, /sub must be a string/],
    ['an investor without investorId', { sub: 'alice', role: 'investor' }, /the investor role needs an investorId/],
    ['a malformed investorId', { sub: 'a', role: 'investor', investorId: 'ten cent' }, /the investor role needs an investorId/],
    ['an investorId on a deal-lead', { sub: 'a', role: 'deal-lead', investorId: 'x' }, /investorId is only allowed with/],
  ])('refuses a token with %s', async (_case, claims, reason) => {
    const error = await refusalOf(await signed({ ...claims, exp: inSeconds(3600) }));

    expect(error.message).toMatch(/^The access token does not describe an actor: /);
    expect(error.message).toMatch(reason);
  });

  describe('token lifetime', () => {
    it('refuses an exp of 1e300, which would make the token good for ever', async () => {
      const token = await signed({ ...dealLead, exp: 1e300 });

      expect((await refusalOf(token)).message).toBe('The access token lives longer (exp - iat) than the maximum token age of 86400 seconds');
    });

    it('refuses an iat 100,000 s in the future', async () => {
      const token = await signed({ ...dealLead, iat: inSeconds(100_000), exp: inSeconds(100_600) });

      expect((await refusalOf(token)).message).toBe('The access token was issued in the future (iat)');
    });

    it('refuses a token older than the maximum age, even one that has not expired', async () => {
      const token = await signed({ ...dealLead, iat: inSeconds(-86_400 - 31), exp: inSeconds(-31 + 3600) });

      expect((await refusalOf(token)).message).toBe('The access token is older than the maximum token age of 86400 seconds (iat)');
    });

    it('refuses a token without iat, whose age cannot be told', async () => {
      expect((await refusalOf(await signed({ ...dealLead, iat: undefined, exp: inSeconds(600) }))).message).toBe(
        'The access token lacks the required iat claim',
      );
    });

    it('takes the configured maximum age', async () => {
      const token = await mintToken(dealLead, secret);

      expect((await refusalOf(token, { maxAge: 3600 })).message).toBe('The access token lives longer (exp - iat) than the maximum token age of 3600 seconds');
      await expect(verifyAccessToken(token, secret, { maxAge: 8 * 3600 })).resolves.toEqual(dealLead);
    });

    it('forgives the clock tolerance on exp and iat, and no more', async () => {
      const now = Date.now();
      const at = (seconds: number) => Math.floor(now / 1000) + seconds;
      const lateButForgiven = await signed({ ...dealLead, iat: at(-600), exp: at(-29) });
      const early = await signed({ ...dealLead, iat: at(29), exp: at(600) });

      await expect(verifyAccessToken(lateButForgiven, secret, {}, now)).resolves.toEqual(dealLead);
      await expect(verifyAccessToken(early, secret, {}, now)).resolves.toEqual(dealLead);
      await expect(verifyAccessToken(lateButForgiven, secret, { clockTolerance: 0 }, now)).rejects.toThrow('The access token has expired');
      await expect(verifyAccessToken(early, secret, { clockTolerance: 0 }, now)).rejects.toThrow('The access token was issued in the future (iat)');
    });
  });

  describe('one spelling per token', () => {
    it.each([
      ['= padding on the signature', (token: string) => `${token}=`],
      ['= padding on the claims', (token: string) => token.replace(/^([^.]+)\.([^.]+)\./, (_all, header: string, claims: string) => (claims.length % 4 === 0 ? _all : `${header}.${claims}${'='.repeat(4 - (claims.length % 4))}.`))],
      ['a set unused bit in the last character', (token: string) => {
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        return `${token.slice(0, -1)}${alphabet[alphabet.indexOf(token[token.length - 1]) ^ 1]}`;
      }],
    ])('refuses a token respelled with %s', async (_case, respell) => {
      const token = await mintToken(dealLead, secret);
      const respelled = respell(token);
      expect(respelled).not.toBe(token);

      expect((await refusalOf(respelled)).message).toBe('The access token is not in canonical base64url form (padding or unused bits set)');
    });
  });

  describe('with an issuer and an audience configured', () => {
    const checks = { issuer: 'https://id.example.com', audience: 'deal-room' };

    it('accepts a token that names both', async () => {
      const token = await mintToken(dealLead, secret, checks);

      await expect(verifyAccessToken(token, secret, checks)).resolves.toEqual(dealLead);
    });

    it.each([
      [{ issuer: 'https://evil.example.com', audience: 'deal-room' }, 'The access token comes from another issuer'],
      [{ issuer: 'https://id.example.com', audience: 'billing' }, 'The access token is meant for another audience'],
      [{}, 'The access token lacks the required iss claim'],
    ])('refuses a token minted with %j', async (minted, message) => {
      const token = await mintToken(dealLead, secret, minted);

      expect((await refusalOf(token, checks)).message).toBe(message);
    });
  });
});

describe('mintToken', () => {
  it('refuses claims that verification would refuse', async () => {
    await expect(mintToken({ sub: 'alice', role: 'investor' }, secret)).rejects.toThrow(
      /^Cannot mint a token: the investor role needs an investorId/,
    );
  });

  it('expires after 8 hours by default', async () => {
    const token = await mintToken(dealLead, secret);
    const { exp, iat } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, number>;

    expect(exp - iat).toBe(8 * 3600);
  });
});

describe('readActorClaims', () => {
  it('drops claims that are not part of an actor', () => {
    expect(readActorClaims({ sub: 'carol', role: 'admin', exp: 1, iat: 0, name: 'Carol' })).toEqual({
      ok: true,
      actor: { sub: 'carol', role: 'admin' },
    });
  });
});
