import { randomBytes } from 'node:crypto';
import { ApplicationError } from '../common/application-error';
import { mintToken } from './access-token';
import { TokenVerifier } from './token-verifier';

const secret = new TextEncoder().encode(randomBytes(32).toString('hex'));

/** A verifier on a clock the test moves, counting how often a signature is checked (the key is fetched). */
function verifierWith(cacheEntries: number) {
  const clock = { now: Date.now() };
  const counted = { signatureChecks: 0 };
  const key = async () => {
    counted.signatureChecks += 1;
    return secret;
  };
  const verifier = new TokenVerifier(key, { algorithms: ['HS256'] }, { cacheEntries, now: () => clock.now });
  return { verifier, clock, counted };
}

const refusal = (promise: Promise<unknown>) => promise.then(
  () => { throw new Error('expected a refusal'); },
  (error: unknown) => {
    if (!(error instanceof ApplicationError)) throw error;
    return { status: error.status, detail: error.message };
  },
);

describe('TokenVerifier', () => {
  it('checks a token once and then answers it from the cache', async () => {
    const { verifier, counted } = verifierWith(10);
    const token = await mintToken({ sub: 'alice', role: 'auditor' }, secret);

    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'alice', role: 'auditor' });
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'alice', role: 'auditor' });

    expect(counted.signatureChecks).toBe(1);
    expect(verifier.size).toBe(1);
  });

  it('refuses a kept token once it has expired, as if it had never been kept, and forgets it', async () => {
    const { verifier, clock } = verifierWith(10);
    const token = await mintToken({ sub: 'alice', role: 'auditor' }, secret, { expiresIn: '60s' });
    await verifier.verify(token);

    clock.now += 89_000;
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'alice', role: 'auditor' });
    clock.now += 2_000;
    expect(await refusal(verifier.verify(token))).toEqual({ status: 401, detail: 'The access token has expired' });
    expect(verifier.size).toBe(0);
  });

  it('refuses a kept token at the maximum age at the latest', async () => {
    const clock = { now: Date.now() };
    const verifier = new TokenVerifier(secret, { maxAge: 120, clockTolerance: 0 }, { cacheEntries: 10, now: () => clock.now });
    const token = await mintToken({ sub: 'alice', role: 'auditor' }, secret, { expiresIn: '120s' });
    await verifier.verify(token);

    clock.now += 121_000;
    expect(await refusal(verifier.verify(token))).toEqual({ status: 401, detail: 'The access token has expired' });
  });

  it('checks a kept token against the clock on every use, a clock stepped back included', async () => {
    const { verifier, clock } = verifierWith(10);
    const token = await mintToken({ sub: 'alice', role: 'auditor' }, secret, { expiresIn: '60s' });
    await verifier.verify(token);

    // A clock stepped back past iat and the tolerance: the token now looks issued in the future.
    clock.now -= 60_000;
    expect(await refusal(verifier.verify(token))).toEqual({ status: 401, detail: 'The access token was issued in the future (iat)' });
  });

  it('never keeps a refusal', async () => {
    const { verifier, counted } = verifierWith(10);
    const forged = await mintToken({ sub: 'alice', role: 'admin' }, new TextEncoder().encode('x'.repeat(32)));

    expect(await refusal(verifier.verify(forged))).toEqual({ status: 401, detail: expect.stringMatching(/^The access token signature is invalid: was it minted with another secret/) });
    expect(await refusal(verifier.verify(forged))).toEqual({ status: 401, detail: expect.stringMatching(/^The access token signature is invalid: was it minted with another secret/) });
    expect(counted.signatureChecks).toBe(2);
    expect(verifier.size).toBe(0);
  });

  it('keeps at most the configured number, dropping the least recently used', async () => {
    const { verifier, counted } = verifierWith(2);
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((sub) => mintToken({ sub, role: 'auditor' }, secret)));

    await verifier.verify(a);
    await verifier.verify(b);
    await verifier.verify(a);
    await verifier.verify(c);
    expect(verifier.size).toBe(2);
    expect(counted.signatureChecks).toBe(3);

    await verifier.verify(a);
    expect(counted.signatureChecks).toBe(3);
    await verifier.verify(b);
    expect(counted.signatureChecks).toBe(4);
  });

  it('keeps nothing with a size of 0', async () => {
    const { verifier, counted } = verifierWith(0);
    const token = await mintToken({ sub: 'alice', role: 'auditor' }, secret);

    await verifier.verify(token);
    await verifier.verify(token);

    expect(counted.signatureChecks).toBe(2);
    expect(verifier.size).toBe(0);
  });

  it('answers every kept use with a frozen actor, so that no caller can change it for the next', async () => {
    const { verifier } = verifierWith(10);
    const token = await mintToken({ sub: 'alice', role: 'auditor' }, secret);

    const actor = await verifier.verify(token);

    expect(Object.isFrozen(actor)).toBe(true);
    expect(await verifier.verify(token)).toBe(actor);
  });

  it('verifies once per request, however many guards ask', async () => {
    const { verifier, counted } = verifierWith(0);
    const request = { headers: { authorization: `Bearer ${await mintToken({ sub: 'alice', role: 'auditor' }, secret)}` } };

    await verifier.authenticate(request);
    await verifier.authenticate(request);

    expect(counted.signatureChecks).toBe(1);
    expect(await refusal(verifier.authenticate({ headers: {} }))).toMatchObject({ status: 401 });
  });
});
