import { Party } from '../../kernel';
import { Decision, stamp } from './decision';
import { OpenedRound, TermProposed, TermRecord } from './round';
import { INFORMATION_RIGHTS, Term } from './terms';

// Most-favoured-nation: an investor whose side letter holds `mfn: true` is offered any better side-letter
// right the company grants another investor. Rights are compared where they have an order (seats, yes
// over no, more frequent accounts); custom clauses have none and are not offered.

/** How good a side-letter right is, higher better; null when it has no order (custom terms, mfn itself). */
export function rankOf(term: Term): number | null {
  switch (term.key) {
    case 'board-seats':
      return term.value;
    case 'board-observer':
    case 'pro-rata-rights':
      return term.value ? 1 : 0;
    case 'information-rights':
      return INFORMATION_RIGHTS.indexOf(term.value) + 1;
    default:
      return null;
  }
}

type Granted = Pick<TermRecord, 'termId' | 'investorId'> & Term;

/**
 * The company's offers owed once `accepted` is agreed: to every MFN holder a right another investor now has
 * better than its own; and, when `accepted` makes an investor an MFN holder, the best right each other
 * investor holds that it lacks. An offer is a proposal by the company, which the holder accepts or rejects
 * like any other; none is made while the holder negotiates that key already (its proposal is pending).
 */
export function mfnOffers(round: OpenedRound, accepted: Granted, company: Party, decision: Decision): TermProposed[] {
  if (accepted.investorId === null) return [];
  const terms = [...round.terms.map((t) => (t.termId === accepted.termId ? { ...t, status: 'accepted' as const } : t))];
  const current = (investorId: string, key: string) =>
    [...terms].reverse().find((t) => t.investorId === investorId && t.key === key && t.status === 'accepted');
  const holders = round.investors.map((i) => i.investorId).filter((id) => (current(id, 'mfn') as Term | undefined)?.value === true);
  const owed: { investorId: string; term: Term }[] = [];
  const better = (investorId: string, term: Term) => {
    const rank = rankOf(term);
    if (rank === null || rank === 0) return false;
    const own = current(investorId, term.key);
    const pending = terms.some((t) => t.investorId === investorId && t.key === term.key && t.status === 'pending');
    return !pending && (own === undefined || (rankOf(own as Term) ?? 0) < rank);
  };
  for (const holder of holders.filter((id) => id !== accepted.investorId)) {
    if (better(holder, accepted)) owed.push({ investorId: holder, term: { key: accepted.key, value: accepted.value } as Term });
  }
  if (accepted.key === 'mfn' && accepted.value === true) {
    for (const key of ['board-seats', 'board-observer', 'pro-rata-rights', 'information-rights']) {
      const best = round.investors
        .filter((i) => i.investorId !== accepted.investorId)
        .map((i) => current(i.investorId, key))
        .filter((t): t is TermRecord => t !== undefined)
        .sort((a, b) => (rankOf(b as Term) ?? 0) - (rankOf(a as Term) ?? 0))[0];
      if (best && better(accepted.investorId, best as Term)) owed.push({ investorId: accepted.investorId, term: { key: best.key, value: best.value } as Term });
    }
  }
  // Ids that name no other investor or its term (the holder must not learn whose right it is offered):
  // `mfn-<n>`, the first numbers no term of the round uses.
  const used = new Set(round.terms.map((t) => t.termId));
  let n = round.terms.length;
  const nextId = () => {
    do n += 1;
    while (used.has(`mfn-${n}`));
    return `mfn-${n}`;
  };
  return owed.map(({ investorId, term }) => ({
    type: 'TermProposed',
    data: { ...stamp(round.roundId, decision), termId: nextId(), ...term, investorId, proposedBy: company, supersedes: null },
  }));
}
