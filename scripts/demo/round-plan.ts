// The round the demo plays: the 50 bn CNY Series C that motivated the project.

export const ROUND = {
  company: 'Hangzhou Frontier AI Ltd.',
  name: 'Series C',
  currency: 'CNY',
  targetAmount: '40000000000.00',
  hardCap: '50000000000.00',
  minimumAmount: '30000000000.00',
  minimumTicket: '100000000.00',
  valuation: { amount: '400000000000.00', basis: 'post-money' },
  oversubscription: 'scale-back',
} as const;

export type Tier = 'lead' | 'major' | 'other';

export interface PlannedInvestor {
  readonly investorId: string;
  readonly name: string;
  readonly tier: Tier;
  /** The person who acts for the firm; the `sub` of its tokens. */
  readonly sub: string;
}

export const INVESTORS: readonly PlannedInvestor[] = [
  { investorId: 'founder', name: 'Founder holding company', tier: 'other', sub: 'founder@frontier-ai.example' },
  { investorId: 'tencent', name: 'Tencent', tier: 'lead', sub: 'ir@tencent.example' },
  { investorId: 'jd', name: 'JD.com', tier: 'major', sub: 'ir@jd.example' },
  { investorId: 'catl', name: 'CATL', tier: 'major', sub: 'ir@catl.example' },
  { investorId: 'national-ai-fund', name: 'National AI Industry Investment Fund', tier: 'major', sub: 'ir@national-ai-fund.example' },
];

export const DEAL_LEAD_SUB = 'cfo@frontier-ai.example';

/** The founder's typo: four times the whole round. */
export const FOUNDER_MISTAKE = '200000000000.00';

// Odd amounts so the scale-back has remainders to hand out; 60,222,222,112.22 CNY against a 50 bn cap.
export const BOOK: readonly (readonly [investorId: string, amount: string])[] = [
  ['founder', '3000000000.00'],
  ['tencent', '20000000000.00'],
  ['jd', '15000000000.01'],
  ['catl', '12345678901.23'],
  ['national-ai-fund', '9876543210.98'],
];

/** Whose commitment reaches the deal team by phone: recorded by the company, then confirmed by the investor. */
export const INDICATED_BY_PHONE = 'catl';

/**
 * Payments received before the close, each below what the scale-back will allocate (nobody pays in more
 * than it will get): Tencent pays in two parts, the state fund has not paid yet.
 */
export const PAYMENTS: readonly (readonly [investorId: string, amount: string, reference: string])[] = [
  ['founder', '2000000000.00', 'CNAPS-0001'],
  ['tencent', '10000000000.00', 'CNAPS-0002'],
  ['tencent', '6000000000.00', 'CNAPS-0003'],
  ['jd', '12000000000.00', 'CNAPS-0004'],
  ['catl', '10000000000.00', 'CNAPS-0005'],
];

/** The conditions precedent of the motivating round (DOMAIN.md), the last one about the state fund only. */
export const CONDITIONS: readonly (readonly [title: string, investorId: string | null])[] = [
  ['Shareholder resolution approving the capital increase', null],
  ["Existing shareholders' waivers of pre-emptive rights", null],
  ['SAMR merger-control clearance (thresholds met)', null],
  ['State-asset appraisal and its filing', 'national-ai-fund'],
];
export const CONDITION_EVIDENCE: readonly string[] = [
  'Shareholder resolution SR-2025-03',
  'Waiver letters WL-2025-01 to WL-2025-04',
  'SAMR decision 2025-0142',
  'State-asset appraisal filing 2025-118',
];
