// SetCapTable: its command and its slice of decide, pure like the rest of the round domain.
import { CapTableSet, Command, Decision, DomainError, HOLDER_KINDS, Holder, Issues, MAX_NAME_LENGTH, OpenedRound, onOpenRound, readChoice, readId, readText, requireDealLead, stamp } from '../domain';

export const MAX_HOLDERS = 500;
// Whole shares: no sign, no leading zero, at most 24 digits.
const SHARES = /^[1-9][0-9]{0,23}$/;

/** The holders before the round (entered or imported) and the option-pool top-up the investors asked for. */
export type SetCapTable = Command<
  'SetCapTable',
  { readonly holders: readonly unknown[]; readonly optionPoolTopUp?: string | null }
>;

/** SetCapTable as the write path runs it: on the round as this actor may see it, which must be open. */
export const decideSetCapTable = onOpenRound(setCapTable);

export function setCapTable({ data }: SetCapTable, round: OpenedRound, decision: Decision): CapTableSet[] {
  requireDealLead(decision.actor, 'set the cap table');
  if (round.closings.length > 0) {
    throw new DomainError('TERMS_FIXED_BY_CLOSING', 'Shares were issued at a closing on this cap table: it is fixed');
  }
  const issues = new Issues();
  if (!Array.isArray(data.holders) || data.holders.length === 0 || data.holders.length > MAX_HOLDERS) {
    issues.add('holders', 'size', `must list 1 to ${MAX_HOLDERS} holders`);
    return issues.fail();
  }
  const holders: Holder[] = [];
  const seen = new Set<string>();
  data.holders.forEach((raw, index) => {
    const field = `holders[${index}]`;
    const holder = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const holderId = readId(issues, `${field}.holderId`, holder.holderId);
    const name = readText(issues, `${field}.name`, holder.name, MAX_NAME_LENGTH);
    const kind = readChoice(issues, `${field}.kind`, holder.kind ?? 'shareholder', HOLDER_KINDS);
    const shares = readShares(issues, `${field}.shares`, holder.shares);
    if (seen.has(holderId)) issues.add(`${field}.holderId`, 'unique', 'is listed twice');
    seen.add(holderId);
    if (kind && shares) holders.push({ holderId, name, kind, shares });
  });
  const optionPoolTopUp = data.optionPoolTopUp == null || data.optionPoolTopUp === '0' ? '0' : readShares(issues, 'optionPoolTopUp', data.optionPoolTopUp);
  issues.throwIfAny();
  return [{ type: 'CapTableSet', data: { ...stamp(round.roundId, decision), holders, optionPoolTopUp: optionPoolTopUp ?? '0' } }];
}

function readShares(issues: Issues, field: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || !SHARES.test(value)) {
    issues.add(field, 'shares', 'must be a whole number of shares as a decimal string, e.g. "12000000"');
    return undefined;
  }
  return value;
}
