import { asStoreFailure, isStoreUnreachable, staleRevision, unavailableOnFailure, WriteError } from './write-errors';

// The client's error classes are matched by name, so each is stood in for by a class of the same name.
const errorNamed = (name: string): Error => new ({ [name]: class extends Error {} } as Record<string, new () => Error>)[name]();

describe('write errors', () => {
  it('reads the client errors of an unreachable store, and only those, as EVENT_STORE_UNAVAILABLE', async () => {
    const unreachable = ['UnavailableError', 'DeadlineExceededError', 'NotLeaderError', 'CancelledError', 'TimeoutError'];
    expect(unreachable.map((name) => isStoreUnreachable(errorNamed(name)))).toEqual(unreachable.map(() => true));
    const others = ['WrongExpectedVersionError', 'Error', 'TypeError', 'NotUnavailableError', 'UnavailableErrorX', undefined, null];
    expect(others.map((name) => isStoreUnreachable(name === null ? null : name === undefined ? {} : errorNamed(name)))).toEqual(others.map(() => false));

    // What the real client throws for a call it cancelled itself (test/conformance/append-gate.e2e-spec.ts).
    const cancelledOnClient = Object.assign(errorNamed('UnknownError'), { code: 1 });
    expect(isStoreUnreachable(cancelledOnClient)).toBe(true);
    expect(isStoreUnreachable(Object.assign(errorNamed('UnknownError'), { code: 2 }))).toBe(false);
    expect(isStoreUnreachable(errorNamed('UnknownError'))).toBe(false);

    expect(asStoreFailure(errorNamed('UnavailableError'))).toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE' });
    const other = new TypeError('a bug');
    expect(asStoreFailure(other)).toBe(other);
    await expect(unavailableOnFailure(() => Promise.reject(errorNamed('TimeoutError')))).rejects.toBeInstanceOf(WriteError);
    await expect(unavailableOnFailure(() => Promise.resolve(7))).resolves.toBe(7);
  });

  it('tells the revision a stale If-Match missed, unless there is none to tell', () => {
    expect(staleRevision(7n)).toMatchObject({
      code: 'REVISION_MISMATCH',
      message: 'The round has changed since the revision given in If-Match. It is now at revision 7. Read it again and retry.',
    });
    expect(staleRevision(null).message).toBe('The round has changed since the revision given in If-Match. Read it again and retry.');
  });
});
