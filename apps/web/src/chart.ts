// The book against the target and the hard cap, drawn with Chart.js (only the parts a bar chart needs are
// registered, so the bundle stays small). The canvas has a text alternative and the same figures are in
// the table beside it, exactly as the API states them: the bars are decimal strings turned into numbers
// for drawing only.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import type { RoundView } from './api';
import { el, money, table } from './dom';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** Colours with at least 4.5:1 against white, so that labels drawn in them stay readable. */
const COLOURS = { committed: '#1d4ed8', indicated: '#6d28d9', minimum: '#92400e', target: '#047857', cap: '#b91c1c' };

export function bookChart(round: RoundView): { element: HTMLElement; destroy(): void } {
  const bars: { label: string; amount: string | null | undefined; colour: string }[] = [
    { label: 'Committed', amount: round.totalCommitted, colour: COLOURS.committed },
    { label: 'Indicated', amount: round.totalIndicated, colour: COLOURS.indicated },
    { label: 'Minimum to close', amount: round.minimumAmount, colour: COLOURS.minimum },
    { label: 'Target', amount: round.targetAmount, colour: COLOURS.target },
    { label: 'Hard cap', amount: round.hardCap, colour: COLOURS.cap },
  ];
  const shown = bars.filter((bar) => typeof bar.amount === 'string');
  const description = shown.map((bar) => `${bar.label} ${money(bar.amount, round.currency)}`).join(', ');
  const canvas = el('canvas', { role: 'img', 'aria-label': `Book against target and hard cap: ${description}.` });
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: shown.map((bar) => bar.label),
      datasets: [{ label: round.currency, data: shown.map((bar) => Number(bar.amount)), backgroundColor: shown.map((bar) => bar.colour) }],
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { tooltip: { callbacks: { label: (item) => money(shown[item.dataIndex].amount, round.currency) } } },
      scales: { x: { beginAtZero: true, ticks: { color: '#1f2937' } }, y: { ticks: { color: '#1f2937' } } },
    },
  });
  const element = el(
    'div',
    { className: 'book' },
    el('div', { className: 'chart' }, canvas),
    table(
      'The book',
      ['Figure', 'Amount'],
      shown.map((bar) => [bar.label, money(bar.amount, round.currency)]),
    ),
  );
  return { element, destroy: () => chart.destroy() };
}
