// A round's page for the signed-in role. The data sections are redrawn whenever the round moves (polled);
// the forms are built once so that what someone is typing survives an update.
import { ApiError, CapTable, DealRoomApi, HistoryEntry, RoundView, SubscriptionBook } from '../api';
import { bookChart } from '../chart';
import { announce, badge, el, field, money, percent, replaceChildren, select, table, when } from '../dom';
import type { Session } from '../session';
import { allocationTable, capTableView, conditionsTable, roundHeading, section, subscriptionRows, termTables } from './sections';

export interface RoundPage {
  readonly element: HTMLElement;
  /** Draws the round as the API now answers it. */
  update(round: RoundView): Promise<void>;
  dispose(): void;
}

export interface RoundContext {
  readonly api: DealRoomApi;
  readonly session: Session;
  readonly roundId: string;
  /** Reads the round again now and redraws it (after an action). */
  refresh(): Promise<void>;
}

export function roundPage(context: RoundContext): RoundPage {
  switch (context.session.role) {
    case 'deal-lead':
      return dealTeamPage(context);
    case 'investor':
      return investorPage(context);
    default:
      return auditorPage(context);
  }
}

// ---- Deal team --------------------------------------------------------------------------------------

function dealTeamPage(context: RoundContext): RoundPage {
  const { api, roundId } = context;
  const heading = el('div');
  const alert = el('p', { className: 'error', role: 'alert' });
  const data = el('div');
  const actions = actionForms(context, alert);
  let chart: { destroy(): void } | undefined;
  const element = el('div', { className: 'round' }, heading, alert, data, actions.element);

  /** A button that runs one action; its refusal is shown in words in the page's alert. */
  const button = (label: string, run: () => Promise<unknown>, done: string) =>
    el(
      'button',
      {
        type: 'button',
        className: 'small',
        onclick: async (event: Event) => {
          const target = event.currentTarget as HTMLButtonElement;
          target.disabled = true;
          alert.textContent = '';
          try {
            await run();
            announce(done);
            await context.refresh();
          } catch (error) {
            alert.textContent = error instanceof Error ? error.message : String(error);
            target.disabled = false;
          }
        },
      },
      label,
    );

  return {
    element,
    async update(round) {
      const [book, capTable] = await Promise.all([api.subscriptions(roundId).catch(() => undefined), api.capTable(roundId)]);
      // Only an open round takes the deal team's actions; the API would refuse them anyway.
      const open = round.status === 'open';
      chart?.destroy();
      const drawn = bookChart(round);
      chart = drawn;
      replaceChildren(heading, roundHeading(round, 'the deal team'));
      replaceChildren(
        data,
        section('Book against target and hard cap', 'sec-book', drawn.element),
        section(
          'Investors and subscriptions',
          'sec-investors',
          subscriptionRows(
            round,
            book,
            open
              ? (investorId, subscription) =>
                  subscription === 'signed' ? button(`Accept subscription of ${investorId}`, () => api.acceptSubscription(roundId, investorId), `Subscription of ${investorId} accepted.`) : null
              : undefined,
          ),
          deadlines(book),
        ),
        section('Terms', 'sec-terms', termTables(round, open ? (termId) => button(`Accept term ${termId}`, () => api.acceptTerm(roundId, termId), 'Term accepted.') : undefined)),
        section('Conditions of the close', 'sec-conditions', conditionsTable(round)),
        section('Allocation at close', 'sec-allocation', allocationTable(round)),
        section('Cap table', 'sec-cap-table', capTableView(capTable)),
      );
      actions.update(round);
      actions.element.hidden = !open;
    },
    dispose: () => chart?.destroy(),
  };
}

function deadlines(book: SubscriptionBook | undefined): HTMLElement | null {
  if (!book) return null;
  return el('p', {}, `Subscription deadline ${when(book.subscriptionDeadline)}; funding deadline ${when(book.fundingDeadline)}.`);
}

/** The deal team's actions: each a labelled form whose refusal is shown in the API's own words. */
function actionForms(context: RoundContext, alert: HTMLElement): { element: HTMLElement; update(round: RoundView): void } {
  const { api, roundId } = context;
  let currency = 'USD';

  const form = (title: string, submit: string, fields: HTMLElement[], run: (data: FormData) => Promise<string>) => {
    const result = el('p', { className: 'result', role: 'status' });
    const error = el('p', { className: 'error', role: 'alert' });
    const id = `act-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
    const element = el(
      'form',
      {
        'aria-labelledby': id,
        className: 'action',
        onsubmit: async (event: Event) => {
          event.preventDefault();
          const target = event.currentTarget as HTMLFormElement;
          const button = target.querySelector('button');
          if (button) button.disabled = true;
          result.textContent = '';
          error.textContent = '';
          alert.textContent = '';
          try {
            result.textContent = await run(new FormData(target));
            target.reset();
            await context.refresh();
          } catch (failure) {
            error.textContent = failure instanceof ApiError || failure instanceof Error ? failure.message : String(failure);
          } finally {
            if (button) button.disabled = false;
          }
        },
      },
      el('h3', { id }, title),
      ...fields,
      el('button', { type: 'submit' }, submit),
      result,
      error,
    );
    return element;
  };
  const text = (name: string, attributes: Record<string, string | boolean> = {}) => el('input', { name, required: true, autocomplete: 'off', ...attributes });
  const value = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

  const fundingInvestor = select('investorId', []);
  const termInvestor = select('investorId', [{ value: '', label: 'round-wide' }], false);
  const condition = select('conditionId', []);

  const element = el(
    'section',
    { 'aria-labelledby': 'sec-actions', className: 'card actions' },
    el('h2', { id: 'sec-actions' }, 'Actions'),
    form(
      'Admit an investor',
      'Admit',
      [field('Investor id', text('investorId', { pattern: '[A-Za-z0-9._:\\-]{1,128}' })), field('Name', text('name')), field('Tier', select('tier', ['lead', 'major', 'other']))],
      async (data) => {
        await api.admit(roundId, { investorId: value(data, 'investorId'), name: value(data, 'name'), tier: value(data, 'tier') });
        return `${value(data, 'name')} admitted.`;
      },
    ),
    form(
      'Propose a term',
      'Propose',
      [
        field('Term', select('key', ['valuation', 'round-size', 'liquidation-preference', 'board-seats', 'board-observer', 'information-rights', 'pro-rata-rights', 'mfn'])),
        field('Value', text('value'), 'Plain text, or JSON for a structured value: {"amount":"60000000.00","basis":"post-money"} for a valuation, 1 for board seats, true for an observer.'),
        field('For investor', termInvestor, 'Side-letter terms (board seats, information rights, ...) are one investor\'s own.'),
      ],
      async (data) => {
        const raw = value(data, 'value');
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          parsed = raw;
        }
        const investorId = value(data, 'investorId');
        const { termId } = await api.proposeTerm(roundId, { key: value(data, 'key'), value: parsed, ...(investorId ? { investorId } : {}) });
        return `Term ${termId} proposed.`;
      },
    ),
    form(
      'Record a funding',
      'Record funding',
      [
        field('Investor', fundingInvestor),
        field('Amount', text('amount', { inputmode: 'decimal', pattern: '[0-9]+(\\.[0-9]+)?' }), 'In the round\'s currency, e.g. 1000000.00.'),
        field('Value date', text('valueDate', { type: 'date' }), 'The day the bank credited it.'),
        field('Bank reference', text('reference')),
      ],
      async (data) => {
        await api.recordFunding(roundId, value(data, 'investorId'), { amount: value(data, 'amount'), currency, valueDate: value(data, 'valueDate'), reference: value(data, 'reference') });
        return `Funding of ${money(value(data, 'amount'), currency)} recorded.`;
      },
    ),
    form('Satisfy a condition', 'Satisfy', [field('Condition', condition), field('Evidence', text('evidence'), 'A filing number or a document id.')], async (data) => {
      await api.satisfyCondition(roundId, value(data, 'conditionId'), value(data, 'evidence'));
      return 'Condition satisfied.';
    }),
    form('Close the round', 'Close the round', [el('p', {}, 'Allocates the binding book within the hard cap. The API refuses while a condition is open or a re-confirmation is pending.')], async () => {
      const closed = await api.close(roundId);
      announce(`The round is ${closed.status}.`);
      return `The round is ${closed.status}.`;
    }),
  );

  const setOptions = (target: HTMLSelectElement, options: { value: string; label: string }[]) => {
    const chosen = target.value;
    target.replaceChildren(...options.map((o) => el('option', { value: o.value }, o.label)));
    if (options.some((o) => o.value === chosen)) target.value = chosen;
  };
  return {
    element,
    update(round) {
      currency = round.currency;
      const investors = round.investors.map((i) => ({ value: i.investorId, label: `${i.name} (${i.investorId})` }));
      setOptions(fundingInvestor, investors);
      setOptions(termInvestor, [{ value: '', label: 'round-wide' }, ...investors]);
      setOptions(
        condition,
        round.conditions.filter((c) => c.status === 'open').map((c) => ({ value: c.conditionId, label: c.title })),
      );
    },
  };
}

// ---- Investor ---------------------------------------------------------------------------------------

function investorPage(context: RoundContext): RoundPage {
  const { api, roundId, session } = context;
  const element = el('div', { className: 'round' });
  return {
    element,
    async update(round) {
      const own = round.commitments.find((c) => c.investorId === session.investorId);
      const allocation = round.allocations?.find((a) => a.investorId === session.investorId);
      const capTable: CapTable | undefined = round.status === 'closed' ? await api.capTable(roundId).catch(() => undefined) : undefined;
      replaceChildren(
        element,
        roundHeading(round, `investor ${session.investorId ?? ''}`),
        section(
          'Your position',
          'sec-position',
          table(
            'Your commitment',
            ['Figure', 'Value'],
            [
              ['Commitment', money(own?.amount, round.currency)],
              ['Status', own ? own.status : 'no commitment'],
              ['Subscription', own ? own.subscription : '—'],
              ['Paid in', money(own?.paidIn, round.currency)],
              ['Allocated', money(allocation?.allocated, round.currency)],
              ['Ownership', percent(allocation?.ownership)],
              ...(round.totalCommitted !== undefined ? [['Book committed (disclosed)', money(round.totalCommitted, round.currency)]] : []),
              ...(round.postMoneyValuation ? [['Post-money valuation', money(round.postMoneyValuation, round.currency)]] : []),
            ],
          ),
        ),
        section('Your terms', 'sec-terms', termTables(round)),
        section(
          'Your documents',
          'sec-documents',
          table(
            'Subscription agreement',
            ['Document', 'Reference', 'Signed', 'Countersigned'],
            own ? [['Subscription agreement', own.documentReference ?? 'not signed yet', when(own.signedAt), when(own.acceptedAt)]] : [],
            'nothing to sign before a commitment.',
          ),
          table(
            'Your payments',
            ['Reference', 'Amount', 'Value date', 'Recorded'],
            (own?.fundings ?? []).map((f) => [f.reference, money(f.amount, round.currency), f.valueDate, when(f.recordedAt)]),
            'none recorded.',
          ),
          conditionsTable(round),
          round.status === 'closed' ? capTableView(capTable) : null,
        ),
      );
    },
    dispose: () => undefined,
  };
}

// ---- Auditor (and admin) ----------------------------------------------------------------------------

function auditorPage(context: RoundContext): RoundPage {
  const { api, roundId } = context;
  const heading = el('div');
  const verdict = el('div');
  const data = el('div');
  const asOf = el('div', { className: 'as-of-result', 'aria-live': 'polite' });
  const slider = el('input', { type: 'range', name: 'revision', min: '0', max: '0', step: '1', value: '0' });
  const sliderText = el('p', { id: 'as-of-text' });
  slider.setAttribute('aria-describedby', 'as-of-text');
  const timeline = el('div');
  let history: HistoryEntry[] = [];
  let chart: { destroy(): void } | undefined;
  let pending: ReturnType<typeof setTimeout> | undefined;

  const showAsOf = async () => {
    const entry = history[Number(slider.value)];
    if (!entry) return;
    const revision = Number(entry.revision);
    sliderText.textContent = `Revision ${revision}, recorded ${when(entry.recordedAt)}: ${entry.summary}`;
    slider.setAttribute('aria-valuetext', `revision ${revision}, ${when(entry.recordedAt)}`);
    await showThen(`revision ${revision}`, () => api.round(roundId, revision));
  };
  // The latest question wins: an answer to an earlier one (the slider's, still on its way when a moment
  // is asked) must not replace the answer to a later one.
  let asked = 0;
  // What the reader last asked for: a revision on the slider, or a moment. A redraw (the round moved) shows
  // the slider's revision again only if that is what the reader is looking at.
  let showing: 'revision' | 'moment' = 'revision';
  const showThen = async (label: string, read: () => Promise<RoundView>) => {
    const question = ++asked;
    try {
      const then = await read();
      if (question !== asked) return;
      replaceChildren(
        asOf,
        table(
          `The round as it stood at ${label}`,
          ['Figure', 'Value'],
          [
            ['Status', then.status],
            ['Committed', money(then.totalCommitted, then.currency)],
            ['Investors admitted', String(then.investors.length)],
            ['Terms agreed', String(then.terms.filter((t) => t.status === 'accepted').length)],
            ['Conditions open', String(then.conditions.filter((c) => c.status === 'open').length)],
          ],
        ),
        subscriptionRows(then, undefined),
      );
    } catch (error) {
      if (question !== asked) return;
      replaceChildren(asOf, el('p', { className: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error)));
    }
  };
  // Or a moment: a date and time in UTC, sent as `asOf`.
  const moment = el('input', { type: 'datetime-local', name: 'asOf', step: '1', required: true });
  const momentForm = el(
    'form',
    {
      className: 'inline',
      'aria-label': 'The round at a moment',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const at = new Date(`${moment.value}Z`);
        if (Number.isNaN(at.getTime())) return;
        const iso = at.toISOString();
        showing = 'moment';
        void showThen(when(iso), () => api.roundAsOf(roundId, iso));
      },
    },
    field('Or a moment (UTC)', moment),
    el('button', { type: 'submit' }, 'Show'),
  );
  slider.addEventListener('input', () => {
    showing = 'revision';
    clearTimeout(pending);
    pending = setTimeout(() => void showAsOf(), 150);
  });

  const exports = el(
    'ul',
    { className: 'exports' },
    api.exports(roundId).map((item) =>
      el(
        'li',
        {},
        el(
          'button',
          {
            type: 'button',
            className: 'link',
            onclick: async () => {
              try {
                const file = await api.download(item.path);
                const url = URL.createObjectURL(file.blob);
                const link = el('a', { href: url, download: file.fileName });
                document.body.append(link);
                link.click();
                link.remove();
                setTimeout(() => URL.revokeObjectURL(url), 10_000);
                announce(`${item.label} downloaded.`);
              } catch (error) {
                announce(error instanceof Error ? error.message : String(error));
              }
            },
          },
          `Download ${item.label}`,
        ),
      ),
    ),
  );

  const element = el(
    'div',
    { className: 'round' },
    heading,
    verdict,
    section('The round as it stood', 'sec-as-of', field('Revision', slider), sliderText, momentForm, asOf),
    section('History', 'sec-history', timeline),
    section('Exports', 'sec-exports', exports),
    data,
  );

  return {
    element,
    async update(round) {
      const atEnd = history.length === 0 || Number(slider.value) === history.length - 1;
      const [entries, verified, capTable] = await Promise.all([api.history(roundId), api.verify(roundId), api.capTable(roundId).catch(() => undefined)]);
      history = entries;
      slider.max = String(Math.max(0, history.length - 1));
      if (atEnd) slider.value = slider.max;
      replaceChildren(heading, roundHeading(round, 'auditor'));
      replaceChildren(
        verdict,
        el('p', { className: 'verdict' }, badge(verified.intact ? 'Verified' : 'Not verified', verified.intact ? 'good' : 'bad'), ' ', el('span', { className: 'verdict-text' }, verified.verdict)),
      );
      replaceChildren(timeline, historyList(history));
      chart?.destroy();
      const drawn = bookChart(round);
      chart = drawn;
      replaceChildren(
        data,
        section('Book against target and hard cap', 'sec-book', drawn.element),
        section('Investors and subscriptions', 'sec-investors', subscriptionRows(round, undefined)),
        section('Terms', 'sec-terms', termTables(round)),
        section('Conditions of the close', 'sec-conditions', conditionsTable(round)),
        section('Allocation at close', 'sec-allocation', allocationTable(round)),
        section('Cap table', 'sec-cap-table', capTableView(capTable)),
      );
      if (showing === 'revision') await showAsOf();
    },
    dispose: () => {
      clearTimeout(pending);
      chart?.destroy();
    },
  };
}

/** The history as a timeline: who, what, when and why (the reason or evidence the event carries). */
function historyList(entries: readonly HistoryEntry[]): HTMLElement {
  return el(
    'ol',
    // Focusable: it scrolls, and keyboard users must be able to scroll it.
    { className: 'timeline', 'aria-label': 'History, oldest first', tabindex: '0' },
    entries.map((entry) => {
      const who = entry.actor ? [entry.actor.sub, entry.actor.role, entry.actor.investorId].filter(Boolean).join(', ') : 'unknown';
      const why = ['reason', 'evidence', 'documentReference', 'reference'].map((key) => entry.data?.[key]).find((v) => typeof v === 'string') as string | undefined;
      return el(
        'li',
        {},
        el('p', { className: 'when' }, `#${String(entry.revision)} · ${when(entry.recordedAt)} · ${who}`),
        el('p', { className: 'what' }, entry.summary),
        why ? el('p', { className: 'why' }, `Why: ${why}`) : null,
      );
    }),
  );
}
