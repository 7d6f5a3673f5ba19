// Every call the page makes to the Deal Room API, in one place: the paths, the bodies, the problem+json
// errors. Amounts stay the API's decimal strings from end to end. What a token may see is decided by
// the API; the page only shows what it is given.

export interface FieldProblem {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status: number;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly FieldProblem[];
}

/** A refused request: the API's problem, and the words a person reads. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(wordsOf(problem));
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

function wordsOf(problem: Problem): string {
  const head = [problem.title, problem.detail].filter((part) => part && part.length > 0).join(': ') || `The server answered ${problem.status}.`;
  const fields = (problem.errors ?? []).map((error) => `${error.field}: ${error.message}`);
  return fields.length > 0 ? `${head} (${fields.join('; ')})` : head;
}

export type Party = { side: 'company'; sub: string } | { side: 'investor'; investorId?: string; sub?: string };

export interface Allocation {
  investorId: string;
  committed: string;
  allocated: string;
  ownership: string;
}

export interface RoundView {
  roundId: string;
  company: string;
  name: string;
  status: 'open' | 'closed' | 'cancelled';
  currency: string;
  targetAmount: string;
  hardCap: string;
  minimumAmount: string | null;
  minimumTicket: string | null;
  valuation: { amount: string; basis: string };
  revision?: number | string;
  disclosure?: string;
  dealTeam?: string[];
  subscriptionDeadline: string | null;
  fundingDeadline: string | null;
  conditions: { conditionId: string; title: string; investorId: string | null; status: 'open' | 'satisfied'; evidence: string | null; satisfiedBy: { sub: string; role: string } | null; satisfiedAt: string | null }[];
  closings: { closingNumber: number; closedAt: string; allocations: Allocation[]; totalAllocated: string; postMoneyValuation: string }[];
  investors: { investorId: string; name: string; tier: string; maxTicket: string | null }[];
  terms: { termId: string; investorId: string | null; key: string; value: unknown; status: string; proposedBy: Party; supersedes: string | null; supersededBy: string | null }[];
  commitments: {
    investorId: string;
    amount: string;
    currency: string;
    status: string;
    subscription: 'unsigned' | 'signed' | 'accepted';
    documentReference: string | null;
    signedAt: string | null;
    acceptedAt: string | null;
    paidIn: string;
    fundings: { amount: string; valueDate: string; reference: string; recordedAt: string }[];
  }[];
  totalCommitted?: string;
  totalIndicated?: string;
  allocations: Allocation[] | null;
  postMoneyValuation: string | null;
  openedAt: string;
  closedAt: string | null;
  cancelledAt: string | null;
}

export interface SubscriptionRow {
  investorId: string;
  investorName: string;
  status: string;
  subscription: string;
  committed: string;
  subscribed: string;
  paidIn: string;
  outstanding: string;
  documentReference: string | null;
  signedAt: string | null;
  acceptedAt: string | null;
  lastValueDate: string | null;
  lateToSign: boolean;
  lateToFund: boolean;
}

export interface SubscriptionBook {
  asOf: string;
  subscriptionDeadline: string | null;
  fundingDeadline: string | null;
  subscriptions: SubscriptionRow[];
}

export interface CapTable {
  basis: 'closed' | 'pro-forma';
  currency: string;
  preMoneyValuation: string;
  pricePerShare: string;
  fullyDilutedBefore: string;
  fullyDilutedAfter: string;
  rows: { holderId: string; name: string; kind: string; sharesBefore: string; fractionBefore: string | null; sharesAfter: string; fractionAfter: string; invested: string | null; closing: number | string | null }[];
}

export interface RoundRow {
  roundId: string;
  company: string;
  name: string;
  status: string;
  currency: string;
  targetAmount: string;
  hardCap: string;
  totalCommitted: string;
  openedAt: string;
}

export interface PositionRow {
  roundId: string;
  roundName: string;
  company: string;
  currency: string;
  status: string;
  committed: string;
  allocated: string | null;
  ownership: string | null;
}

export interface HistoryEntry {
  revision: number | string;
  recordedAt: string;
  type: string;
  summary: string;
  actor: { sub?: string; role?: string; investorId?: string } | null;
  data: Record<string, unknown>;
}

export interface Verdict {
  verdict: string;
  intact: boolean;
}

/** A file the API exports, fetched with the token (a plain link cannot send it). */
export interface Download {
  readonly blob: Blob;
  readonly fileName: string;
}

const q = (value: string) => encodeURIComponent(value);

export class DealRoomApi {
  /** The commit position of this page's last write: report reads wait for it (`minPosition`). */
  private lastPosition: string | undefined;

  constructor(
    private readonly token: string,
    /** Called on a 401: the token expired or was refused. */
    private readonly onUnauthenticated: (problem: Problem) => void,
  ) {}

  // ---- Reads ----------------------------------------------------------------------------------------

  async rounds(): Promise<RoundRow[]> {
    const rows: RoundRow[] = [];
    let path: string | null = `/reports/rounds?limit=1000${this.minPosition('&')}`;
    while (path) {
      const page: { rounds: RoundRow[]; next: string | null } = await this.json('GET', path);
      rows.push(...page.rounds);
      path = page.next;
    }
    return rows;
  }

  async positions(investorId: string): Promise<PositionRow[]> {
    const rows: PositionRow[] = [];
    let path: string | null = `/reports/investors/${q(investorId)}?limit=1000${this.minPosition('&')}`;
    while (path) {
      const page: { positions: PositionRow[]; next: string | null } = await this.json('GET', path);
      rows.push(...page.positions);
      path = page.next;
    }
    return rows;
  }

  round(roundId: string, atRevision?: number): Promise<RoundView> {
    return this.json('GET', `/rounds/${q(roundId)}${atRevision === undefined ? '' : `?atRevision=${atRevision}`}`);
  }

  /** The round as it stood at a moment (ISO 8601 with an offset). */
  roundAsOf(roundId: string, asOf: string): Promise<RoundView> {
    return this.json('GET', `/rounds/${q(roundId)}?asOf=${q(asOf)}`);
  }

  subscriptions(roundId: string): Promise<SubscriptionBook> {
    return this.json('GET', `/rounds/${q(roundId)}/subscriptions`);
  }

  /** Undefined before the deal team entered one (404 CAP_TABLE_NOT_SET). */
  async capTable(roundId: string): Promise<CapTable | undefined> {
    try {
      return await this.json<CapTable>('GET', `/rounds/${q(roundId)}/cap-table`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CAP_TABLE_NOT_SET') return undefined;
      throw error;
    }
  }

  async history(roundId: string): Promise<HistoryEntry[]> {
    const entries: HistoryEntry[] = [];
    let path: string | null = `/rounds/${q(roundId)}/history?limit=1000`;
    while (path) {
      const page: { events: HistoryEntry[]; next: string | null } = await this.json('GET', path);
      entries.push(...page.events);
      path = page.next;
    }
    return entries;
  }

  verify(roundId: string): Promise<Verdict> {
    return this.json('GET', `/rounds/${q(roundId)}/verify`);
  }

  /** The exports an auditor takes away, by label. */
  exports(roundId: string): { label: string; path: string }[] {
    const round = `/rounds/${q(roundId)}`;
    return [
      { label: 'History (CSV)', path: `${round}/history?format=csv` },
      { label: 'History (JSON Lines)', path: `${round}/history?format=jsonl` },
      { label: 'History manifest (JSON)', path: `${round}/history/manifest` },
      { label: 'Subscriptions (CSV)', path: `${round}/subscriptions?format=csv` },
      { label: 'Cap table (CSV)', path: `${round}/cap-table?format=csv` },
      { label: 'Allocation report (CSV)', path: `/reports/rounds/${q(roundId)}/allocations?format=csv` },
    ];
  }

  async download(path: string): Promise<Download> {
    const response = await this.send('GET', path);
    const disposition = response.headers.get('content-disposition') ?? '';
    const named = /filename="?([^";]+)"?/.exec(disposition)?.[1];
    const fallback = path.replace(/^\/+/, '').replace(/[^A-Za-z0-9._-]+/g, '-') + (path.includes('csv') ? '.csv' : '.json');
    return { blob: await response.blob(), fileName: named ?? fallback };
  }

  // ---- Writes (the deal team's actions) --------------------------------------------------------------

  admit(roundId: string, investor: { investorId: string; name: string; tier: string }): Promise<unknown> {
    return this.json('POST', `/rounds/${q(roundId)}/investors`, investor);
  }

  proposeTerm(roundId: string, term: { key: string; value: unknown; investorId?: string }): Promise<{ termId: string }> {
    return this.json('POST', `/rounds/${q(roundId)}/terms`, term);
  }

  acceptTerm(roundId: string, termId: string): Promise<unknown> {
    return this.json('POST', `/rounds/${q(roundId)}/terms/${q(termId)}/accept`, {});
  }

  acceptSubscription(roundId: string, investorId: string): Promise<unknown> {
    return this.json('POST', `/rounds/${q(roundId)}/subscriptions/${q(investorId)}/accept`, {});
  }

  recordFunding(roundId: string, investorId: string, funding: { amount: string; currency: string; valueDate: string; reference: string }): Promise<unknown> {
    return this.json('POST', `/rounds/${q(roundId)}/subscriptions/${q(investorId)}/fundings`, funding);
  }

  satisfyCondition(roundId: string, conditionId: string, evidence: string): Promise<unknown> {
    return this.json('POST', `/rounds/${q(roundId)}/conditions/${q(conditionId)}/satisfy`, { evidence });
  }

  close(roundId: string): Promise<{ status: string }> {
    return this.json('POST', `/rounds/${q(roundId)}/close`, {});
  }

  // ---- The wire ---------------------------------------------------------------------------------------

  private minPosition(separator: string): string {
    return this.lastPosition === undefined ? '' : `${separator}minPosition=${this.lastPosition}`;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit' });
    } catch {
      throw new ApiError({ status: 0, title: 'The deal room cannot be reached', detail: 'Check the connection and try again.' });
    }
    if (!response.ok) {
      const problem = await problemOf(response);
      if (response.status === 401) this.onUnauthenticated(problem);
      throw new ApiError(problem);
    }
    const position = response.headers.get('x-event-position');
    if (method !== 'GET' && position !== null && /^\d+$/.test(position)) this.lastPosition = position;
    return response;
  }
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Partial<Problem>;
    return { ...body, status: response.status };
  } catch {
    return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
  }
}
