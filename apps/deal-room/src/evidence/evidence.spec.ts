import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, importJWK } from 'jose';
import { inclusionProof, leafHash, merkleRoot, rootFromProof } from './merkle';
import { openStatement, signStatement } from './signed-statement';
import { loadOrCreateSigningKey, parseVerifyingKeys, SIGNING_KEY_FILE, signingKeyOf } from './signing-key';

const newKey = () => signingKeyOf(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'test');

describe('signed statements', () => {
  it('are standard JWS: jose verifies them with the published JWK, and the same statement signs to the same text', async () => {
    const key = newKey();
    const jws = signStatement(key, 'deal-room-receipt+jws', { v: 1, stream: 'round-r', revision: 3 });
    const { payload, protectedHeader } = await compactVerify(jws, await importJWK(key.jwk, 'EdDSA'));
    expect(JSON.parse(Buffer.from(payload).toString())).toEqual({ revision: 3, stream: 'round-r', v: 1 });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', kid: key.kid, typ: 'deal-room-receipt+jws' });
    expect(signStatement(key, 'deal-room-receipt+jws', { revision: 3, v: 1, stream: 'round-r' })).toBe(jws);
  });

  it('open only with a trusted key, of the right type, unaltered', () => {
    const key = newKey();
    const jws = signStatement(key, 'deal-room-receipt+jws', { revision: 3 });
    expect(openStatement(jws, 'deal-room-receipt+jws', [key])).toMatchObject({ ok: true, payload: { revision: 3 } });
    expect(openStatement(jws, 'deal-room-anchor+jws', [key])).toMatchObject({ ok: false, reason: expect.stringContaining('not a deal-room-anchor+jws') });
    expect(openStatement(jws, 'deal-room-receipt+jws', [newKey()])).toMatchObject({ ok: false, reason: expect.stringContaining('not the deployment') });
    const [header, , signature] = jws.split('.');
    const altered = `${header}.${Buffer.from('{"revision":4}').toString('base64url')}.${signature}`;
    expect(openStatement(altered, 'deal-room-receipt+jws', [key])).toMatchObject({ ok: false, reason: expect.stringContaining('does not verify') });
    // A key that names the deployment's kid but is another key still fails the signature.
    const impostor = { ...newKey(), kid: key.kid };
    expect(openStatement(signStatement(impostor, 'deal-room-receipt+jws', { revision: 3 }), 'deal-room-receipt+jws', [key])).toMatchObject({ ok: false });
  });

  it('trusts keys from a JWK Set, a JWK or a PEM, recomputing each kid', () => {
    const key = newKey();
    const pem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const text of [JSON.stringify({ keys: [key.jwk] }), JSON.stringify({ ...key.jwk, kid: 'lies' }), pem]) expect(parseVerifyingKeys(text)[0].kid).toBe(key.kid);
  });
});

describe('the signing key file', () => {
  it('is generated once into the data directory, readable by its owner only, and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'signing-key-'));
    try {
      const first = loadOrCreateSigningKey(dir);
      expect(statSync(join(dir, SIGNING_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(loadOrCreateSigningKey(dir).kid).toBe(first.kid);
      expect(loadOrCreateSigningKey(mkdtempSync(join(tmpdir(), 'other-')), { SIGNING_KEY_FILE: join(dir, SIGNING_KEY_FILE) }).kid).toBe(first.kid);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Merkle tree (RFC 9162)', () => {
  const leaves = Array.from({ length: 7 }, (_, i) => ({ stream: `round-${i}`, revision: i, hash: String(i).repeat(64) }));

  it('proves every leaf of trees of every size from 1 to 7, and no leaf at another place', () => {
    for (let size = 1; size <= leaves.length; size += 1) {
      const tree = leaves.slice(0, size);
      const root = merkleRoot(tree);
      for (let index = 0; index < size; index += 1) {
        const proof = inclusionProof(tree, index);
        expect(rootFromProof(tree[index], proof)).toBe(root);
        if (size > 1) expect(rootFromProof(tree[(index + 1) % size], proof)).not.toBe(root);
      }
    }
  });

  it('separates leaves from inner nodes, and the empty tree is the hash of nothing', () => {
    expect(merkleRoot([leaves[0]])).toBe(leafHash(leaves[0]).toString('hex'));
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(rootFromProof(leaves[0], { index: 2, size: 2, path: [] })).toBeNull();
  });
});
