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
