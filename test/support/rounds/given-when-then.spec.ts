// The helper every decider spec leans on must itself be able to fail.
import { given, show } from './given-when-then';
import { as, asDealLead, auditor, openRoundData, roundOpened } from './round.fixtures';

const open = { type: 'OpenRound', data: openRoundData } as const;

describe('given/when/then', () => {
  it('passes on exactly the expected events', () => {
    expect(given([]).when(open, asDealLead).then([roundOpened()])).toEqual([roundOpened()]);
  });

  it('fails on different events, down to one minor unit', () => {
    expect(() => given([]).when(open, asDealLead).then([])).toThrow('Events differ');
    const off = roundOpened();
    const hardCap = { ...off.data.hardCap, amount: off.data.hardCap.amount + 1n };
    const offByOne = { ...off, data: { ...off.data, hardCap } };
    expect(() => given([]).when(open, asDealLead).then([offByOne])).toThrow('150000001n');
  });

  it('fails when the command succeeds, or fails with another code or without the named issue', () => {
    expect(() => given([]).when(open, asDealLead).thenThrows('FORBIDDEN')).toThrow('but the command succeeded');
    const asAuditor = given([]).when(open, as(auditor));
    expect(() => asAuditor.thenThrows('ROUND_NOT_FOUND')).toThrow('Expected ROUND_NOT_FOUND, got FORBIDDEN');
    const bad = given([]).when({ ...open, data: { ...openRoundData, hardCap: '1e9' } }, asDealLead);
    expect(() => bad.thenThrows('VALIDATION_FAILED', { field: 'hardCap', rule: 'decimals' })).toThrow('No issue like');
    expect(bad.thenThrows('VALIDATION_FAILED', { field: 'hardCap', rule: 'format' }).code).toBe('VALIDATION_FAILED');
  });

  it('lets errors that are not domain errors through', () => {
    const badClock = given([]).when(open, { now: 'not a date', actor: auditor });
    expect(() => badClock.thenThrows('FORBIDDEN')).toThrow(TypeError);
  });

  it('compares canonically: key order does not matter, bigints do', () => {
    expect(show({ b: 1n, a: [2n] })).toBe(show({ a: [2n], b: 1n }));
    expect(show({ a: 1n })).not.toBe(show({ a: 1 }));
  });
});
