import { keyOf, StreamState, StreamStateCache } from './stream-state-cache';

const entry = (revision: bigint | null, events = 1, keys = 0): StreamState<string> => ({
  state: `at ${revision}`,
  revision,
  headHash: null,
  keys: new Map(Array.from({ length: keys }, (_, index) => [keyOf('sub', `k${index}`), { fingerprint: 'f', answer: { created: false, body: null }, revision: 0n, seenRevision: 0n, position: null }])),
  events,
});

describe('StreamStateCache', () => {
  it('keeps states up to its bound and drops the least recently used first', () => {
    const one = 1024 + 512; // an entry of one event, as the cache estimates it
    const cache = new StreamStateCache<string>(3 * one);
    cache.set('a', entry(0n));
    cache.set('b', entry(0n));
    cache.set('c', entry(0n));
    expect(cache.get('a')?.state).toBe('at 0'); // a is now the most recently used
    cache.set('d', entry(0n));
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((stream) => cache.get(stream)?.state)).toEqual(['at 0', 'at 0', 'at 0']);
    expect(cache.usage).toEqual({ streams: 3, bytes: 3 * one });
  });

  it('counts events and keys in the size, and keeps nothing larger than the whole bound', () => {
    const cache = new StreamStateCache<string>(10_000);
    cache.set('big', entry(0n, 100));
    expect(cache.get('big')).toBeUndefined();
    cache.set('keyed', entry(0n, 1, 2));
    expect(cache.usage.bytes).toBe(1024 + 512 + 2 * 384);
  });

  it('never replaces a state by an older one', () => {
    const cache = new StreamStateCache<string>(1_000_000);
    cache.set('s', entry(5n));
    cache.set('s', entry(3n));
    expect(cache.get('s')?.revision).toBe(5n);
    cache.set('s', entry(6n));
    expect(cache.get('s')?.revision).toBe(6n);
    expect(cache.usage.streams).toBe(1);
  });

  it('keeps nothing with a bound of 0', () => {
    const cache = new StreamStateCache<string>(0);
    cache.set('s', entry(0n));
    expect(cache.get('s')).toBeUndefined();
    expect(cache.usage).toEqual({ streams: 0, bytes: 0 });
  });
});
