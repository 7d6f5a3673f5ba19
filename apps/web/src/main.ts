// The deal room's page, served at /app/: sign in with a bearer token, then the rounds and each round as
// this token may see it, kept up to date by polling the round while it is open.
import './app.css';
import { DealRoomApi, Problem } from './api';
import { announce, el, replaceChildren } from './dom';
import { clearSession, loadSession, saveSession, Session } from './session';
import { homeView } from './views/home';
import { loginView } from './views/login';
import { RoundPage, roundPage } from './views/round';

const POLL_MS = 2000;

let session: Session | undefined;
let api: DealRoomApi | undefined;
let expiry: ReturnType<typeof setTimeout> | undefined;
let poll: ReturnType<typeof setInterval> | undefined;
let page: RoundPage | undefined;
/** Bumped on every navigation, so that an answer for a page already left is dropped. */
let generation = 0;

const main = () => document.getElementById('main') as HTMLElement;

function signIn(next: Session): void {
  session = next;
  saveSession(next);
  api = new DealRoomApi(next.token, (problem: Problem) => signOut(`Signed out: ${problem.detail ?? 'the token was refused'}.`));
  clearTimeout(expiry);
  // setTimeout's limit is about 24.8 days; tokens live at most a day (AUTH_JWT_MAX_AGE).
  expiry = setTimeout(() => signOut('Signed out: your token expired. Paste a new one.'), Math.min(next.exp * 1000 - Date.now(), 2 ** 31 - 1));
  void route();
}

function signOut(notice?: string): void {
  session = undefined;
  api = undefined;
  clearSession();
  clearTimeout(expiry);
  stopPage();
  generation++;
  drawWho();
  replaceChildren(main(), loginView(signIn, notice));
  focusHeading();
  if (notice) announce(notice);
}

function drawWho(): void {
  const who = document.getElementById('who') as HTMLElement;
  if (!session) return replaceChildren(who);
  replaceChildren(
    who,
    el('span', { className: 'identity' }, `${session.sub} · ${session.role}${session.investorId ? ` · ${session.investorId}` : ''}`),
    ' ',
    el('button', { type: 'button', className: 'small', onclick: () => signOut('Signed out.') }, 'Sign out'),
  );
}

function stopPage(): void {
  clearInterval(poll);
  poll = undefined;
  page?.dispose();
  page = undefined;
}

function focusHeading(): void {
  main().querySelector<HTMLElement>('h1')?.focus();
}

async function route(): Promise<void> {
  const current = ++generation;
  stopPage();
  if (!session || !api) return signOut();
  drawWho();
  const match = /^#\/rounds\/([^/]+)$/.exec(location.hash);
  replaceChildren(main(), el('p', { role: 'status' }, 'Loading…'));
  try {
    if (!match) {
      const view = await homeView(api, session);
      if (current !== generation) return;
      replaceChildren(main(), view);
    } else {
      await showRound(decodeURIComponent(match[1]), current);
    }
    focusHeading();
  } catch (error) {
    if (current !== generation || !session) return;
    replaceChildren(
      main(),
      el('h1', { tabindex: '-1' }, 'Not available'),
      el('p', { className: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error)),
      el('p', {}, el('a', { href: '#/' }, 'Back to the rounds')),
    );
    focusHeading();
  }
}

async function showRound(roundId: string, current: number): Promise<void> {
  if (!api || !session) return;
  const client = api;
  // What was last drawn: the whole answer, not only its revision, since a view may come to hide the
  // revision from some readers (an investor's) while its own figures still move.
  let drawn: string | undefined;
  const load = async (announceChange: boolean) => {
    const round = await client.round(roundId);
    if (current !== generation || !page) return;
    const fingerprint = JSON.stringify(round);
    if (fingerprint === drawn) return;
    drawn = fingerprint;
    await page.update(round);
    if (announceChange) announce('The round moved on: the page shows it as it now stands.');
  };
  page = roundPage({ api: client, session, roundId, refresh: () => load(false) });
  await load(false);
  if (current !== generation) return;
  replaceChildren(main(), el('p', {}, el('a', { href: '#/' }, '← All rounds')), page.element);
  poll = setInterval(() => {
    load(true).catch(() => undefined);
  }, POLL_MS);
}

window.addEventListener('hashchange', () => void route());
document.addEventListener('DOMContentLoaded', () => {
  const stored = loadSession();
  if (stored) signIn(stored);
  else signOut();
});
