// A few helpers to build the page from elements (never from HTML strings, so no figure from the API can
// become markup) and to show amounts exactly as the API sends them.

type Child = Node | string | number | null | undefined | false | readonly Child[];
type Attribute = string | number | boolean | undefined | ((event: Event) => void);

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, Attribute> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name === 'className' ? 'class' : name, String(value));
  }
  append(element, children);
  return element;
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? (child as Node) : document.createTextNode(String(child)));
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A table with a caption and column headers; each row a list of cells. */
export function table(caption: string, headers: readonly string[], rows: readonly (readonly Child[])[], empty = 'None yet.'): HTMLElement {
  if (rows.length === 0) return el('p', { className: 'empty' }, `${caption}: ${empty}`);
  return el(
    'div',
    { className: 'table-wrap' },
    el(
      'table',
      {},
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, headers.map((header) => el('th', { scope: 'col' }, header)))),
      el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((cell, index) => (index === 0 ? el('th', { scope: 'row' }, cell) : el('td', {}, cell)))))),
    ),
  );
}

/** A labelled form field; the label is a real <label> tied to the input. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  const id = input.id || `f-${Math.random().toString(36).slice(2, 10)}`;
  input.id = id;
  const hintId = hint ? `${id}-hint` : undefined;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  return el('div', { className: 'field' }, el('label', { for: id }, label), input, hint ? el('p', { className: 'hint', id: hintId }, hint) : null);
}

export function select(name: string, options: readonly (string | { value: string; label: string })[], required = true): HTMLSelectElement {
  return el(
    'select',
    { name, required },
    options.map((option) => (typeof option === 'string' ? el('option', { value: option }, option) : el('option', { value: option.value }, option.label))),
  );
}

/** "1234567.50" USD → "USD 1,234,567.50": the API's decimal string, grouped, never through a float. */
export function money(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) return '—';
  const [whole, fraction] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Whole shares with grouping. */
export function shares(count: string | null | undefined): string {
  if (count === null || count === undefined) return '—';
  return count.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "0.0625000000" → "6.2500 %", by moving the decimal point in the string. */
export function percent(fraction: string | null | undefined): string {
  if (fraction === null || fraction === undefined) return '—';
  const [whole, decimals = ''] = fraction.split('.');
  const padded = `${decimals}000000`;
  const integer = String(Number(`${whole}${padded.slice(0, 2)}`));
  return `${integer}.${padded.slice(2, 6)} %`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A status word shown as a badge (colour and word, never colour alone). */
export function badge(text: string, tone: 'good' | 'bad' | 'warn' | 'neutral' = 'neutral'): HTMLElement {
  return el('span', { className: `badge badge-${tone}` }, text);
}

/** The value of a term in words: `{amount, basis}` as "50,000,000.00 post-money", else compact JSON. */
export function termValue(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.amount === 'string' && typeof record.basis === 'string') return `${shares(record.amount)} ${record.basis}`;
    return Object.entries(record)
      .map(([key, v]) => `${key}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(', ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Announces a change to screen-reader users through the page's live region. */
export function announce(message: string): void {
  const live = document.getElementById('live');
  if (live) live.textContent = message;
}
