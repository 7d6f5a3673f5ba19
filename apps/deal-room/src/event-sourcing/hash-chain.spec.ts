import { canonicalJson, ChainedEvent, eventHash, GENESIS_HASH, verifyChain } from './hash-chain';

function chain(...datas: unknown[]): ChainedEvent[] {
  let prevHash = GENESIS_HASH;
  return datas.map((data, index) => {
    const metadata = { actor: { sub: 'dana' }, prevHash };
    const hash = eventHash('test.Happened.v1', data, metadata);
    prevHash = hash;
    return { revision: BigInt(index), type: 'test.Happened.v1', data, metadata: { ...metadata, hash } };
  });
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members, as JSON on the wire does', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[1,{"z":1}]},"b":1}');
    expect(canonicalJson(JSON.parse(JSON.stringify({ b: 2, a: 1 })))).toBe(canonicalJson({ a: 1, b: 2 }));
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and reports its head', () => {
    const events = chain({ n: 1 }, { n: 2 }, { n: 3 });
    expect(verifyChain(events)).toEqual({ valid: true, events: 3, headHash: (events[2].metadata as { hash: string }).hash });
  });

  it('names the first event whose data was altered', () => {
    const events = chain({ n: 1 }, { n: 2 }, { n: 3 });
    const altered = events.map((event, index) => (index === 1 ? { ...event, data: { n: 20 } } : event));
    expect(verifyChain(altered)).toMatchObject({ valid: false, firstInvalidRevision: '1' });
  });

  it('catches a removed event, a re-hashed forgery and altered metadata', () => {
    const events = chain({ n: 1 }, { n: 2 }, { n: 3 });
    expect(verifyChain([events[0], events[2]])).toMatchObject({ valid: false, firstInvalidRevision: '2' });
    const forged = chain({ n: 1 }, { n: 99 });
    expect(verifyChain([events[0], forged[1], events[2]])).toMatchObject({ valid: false, firstInvalidRevision: '2' });
    const metadata = { ...(events[0].metadata as object), actor: { sub: 'mallory' } };
    expect(verifyChain([{ ...events[0], metadata }, ...events.slice(1)])).toMatchObject({ valid: false, firstInvalidRevision: '0' });
  });
});
