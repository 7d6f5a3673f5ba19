import { mintToken } from '../../apps/deal-room/src/auth/access-token';
import { loadOrCreateJwtSecret } from '../../apps/deal-room/src/auth/jwt-secret';
import type { Actor } from '../../apps/deal-room/src/kernel';
import { BENCH_LEAD, investorId } from './app-events';

/**
 * Bearer tokens the app started on `dataDir` accepts (signed with that directory's secret): the deal lead
 * who opened the generated rounds, each generated investor, and whoever else `actor` names.
 */
export function benchTokens(dataDir: string) {
  const secret = loadOrCreateJwtSecret(dataDir, {});
  const token = (actor: Actor) => mintToken(actor, secret, { expiresIn: '4h' });
  return {
    token,
    lead: () => token(BENCH_LEAD),
    /** Investors 0 to count-1, each with its own token: each makes its own commitment, as in a real round. */
    investors: (count: number) => Promise.all(Array.from({ length: count }, (_, i) => token({ sub: `bench-${investorId(i)}`, role: 'investor', investorId: investorId(i) }))),
  };
}
