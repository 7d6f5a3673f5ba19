import type { DealRoomApi } from '../api';
import { el, field, money, percent, table } from '../dom';
import type { Session } from '../session';

/** The rounds this token may see: a deal team's own, every round for an auditor, an investor's positions. */
export async function homeView(api: DealRoomApi, session: Session): Promise<HTMLElement> {
  const page = el('section', {}, el('h1', { tabindex: '-1' }, session.role === 'investor' ? 'Your rounds' : 'Rounds'));
  if (session.role === 'investor' && session.investorId) {
    const positions = await api.positions(session.investorId);
    page.append(
      table(
        'Your positions',
        ['Round', 'Company', 'Status', 'Committed', 'Allocated', 'Ownership'],
        positions.map((p) => [roundLink(p.roundId, p.roundName), p.company, p.status, money(p.committed, p.currency), money(p.allocated, p.currency), percent(p.ownership)]),
        'no commitment yet. A round you were admitted to without one opens by its id below.',
      ),
    );
  } else {
    const rounds = await api.rounds();
    page.append(
      table(
        'Rounds you may see',
        ['Round', 'Company', 'Status', 'Committed', 'Target', 'Hard cap'],
        rounds.map((r) => [roundLink(r.roundId, r.name), r.company, r.status, money(r.totalCommitted, r.currency), money(r.targetAmount, r.currency), money(r.hardCap, r.currency)]),
      ),
    );
  }
  page.append(openById());
  return page;
}

function roundLink(roundId: string, name: string): HTMLElement {
  return el('a', { href: `#/rounds/${encodeURIComponent(roundId)}` }, `${name} (${roundId})`);
}

function openById(): HTMLElement {
  const input = el('input', { name: 'roundId', required: true, pattern: '[A-Za-z0-9._:\\-]{1,128}', autocomplete: 'off' });
  return el(
    'form',
    {
      className: 'card inline',
      'aria-label': 'Open a round by its id',
      onsubmit: (event: Event) => {
        event.preventDefault();
        location.hash = `#/rounds/${encodeURIComponent(input.value.trim())}`;
      },
    },
    field('Round id', input),
    el('button', { type: 'submit' }, 'Open round'),
  );
}
