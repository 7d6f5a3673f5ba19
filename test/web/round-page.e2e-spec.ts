// The page at /app/ in a real browser (Debian's Chromium through playwright-core), on the embedded store:
// each role signs in with a pasted token, a round is played to its close, and each role sees what the
// API lets it see and nothing more. axe-core checks every view against WCAG 2.1 A and AA.
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { createTestApp, TestApp } from '../support/app-harness';
import { bearer, mintToken, TEST_JWT_SECRET } from '../rounds/support/tokens';
import { expectStatus, freshId, roundBody } from '../rounds/support/rounds-api';
import { axeViolations, Browser, buildWebApp, launchBrowser, watch } from './support/browser';

jest.setTimeout(60_000);

describe('the deal room page at /app/', () => {
  let app: TestApp;
  let browser: Browser;
  let origin: string;
  // Readable ids for the README's screenshot (each run has a fresh data directory); unique ones otherwise,
  // for a shared external store.
  const id = (label: string) => (process.env.WEB_SCREENSHOT ? label : freshId(label));
  const roundId = id('series-a');
  const leadFund = id('lead-fund');
  const otherFund = id('other-fund');
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    buildWebApp();
    [app, browser] = await Promise.all([createTestApp({ AUTH_JWT_SECRET: TEST_JWT_SECRET }), launchBrowser()]);
    origin = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
    tokens.company = await mintToken({ sub: 'dana@acme.example', role: 'deal-lead' });
    tokens.stranger = await mintToken({ sub: 'eve@rival.example', role: 'deal-lead' });
    tokens.leadFund = await mintToken({ sub: 'pony@lead.example', role: 'investor', investorId: leadFund });
    tokens.otherFund = await mintToken({ sub: 'ann@other.example', role: 'investor', investorId: otherFund });
    tokens.auditor = await mintToken({ sub: 'audrey@audit.example', role: 'auditor' });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const api = {
    post: async (path: string, token: string, body: object = {}) => wrote(await app.http.post(path).set(bearer(token)).send(body)),
    put: async (path: string, token: string, body: object) => wrote(await app.http.put(path).set(bearer(token)).send(body)),
  };

  /** When the page showed the round closed: the close was recorded before this. */
  let closedBy = 0;

  /** The commit position of the latest write, by the API helpers below or by a page. */
  let lastWrite: string | undefined;
  const wrote = <T extends { headers: Record<string, string> }>(response: T): T => {
    lastWrite = response.headers['x-event-position'] ?? lastWrite;
    return response;
  };

  /** Waits (the API's read-your-writes) until the reports hold the latest write, so that the page lists it. */
  async function reportsCaughtUp(path: string, token: string): Promise<void> {
    expect(lastWrite).toMatch(/^\d+$/);
    expectStatus(await app.http.get(`${path}?minPosition=${lastWrite}`).set(bearer(token)), 200);
  }

  async function openPage(token: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.context.newPage();
    // Generous: the machine may be busy, and a wait only ends early when what it waits for appears.
    page.setDefaultTimeout(20_000);
    page.on('response', (response) => {
      if (response.request().method() !== 'GET') wrote({ headers: response.headers() });
    });
    const { problems } = watch(page, origin);
    await page.goto(`${origin}/app/`);
    await page.getByLabel('Bearer token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return { page, problems };
  }

  async function expectAccessible(page: Page): Promise<void> {
    expect(await axeViolations(page)).toEqual([]);
  }

  const text = (page: Page) => page.locator('main').innerText();

  it('is served by the app with a CSP that allows only its own origin, and asks no token for its files', async () => {
    const index = await app.http.get('/app/').expect(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['content-security-policy']).toBe(
      "default-src 'none';script-src 'self';style-src 'self';img-src 'self';connect-src 'self';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
    expect(index.headers['cache-control']).toBe('no-store');
    expect(index.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|style=|https?:\/\//);
    const script = await app.http.get('/app/app.js').expect(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    // The API keeps its own strict policy.
    const health = await app.http.get('/health/live');
    expect(health.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    await app.http.get('/app/nothing-here.js').expect(401);
    await app.http.get('/app').expect(301).expect('Location', '/app/');
  });

  it('the deal team plays the round to its close on the page, seeing the API\'s refusals in words', async () => {
    const body = roundBody({ roundId, company: 'Acme Robotics Ltd.', name: 'Series A' });
    expectStatus(await api.post('/rounds', tokens.company, body), 201);
    expectStatus(
      await api.put(`/rounds/${roundId}/cap-table`, tokens.company, {
        holders: [
          { holderId: 'founder', name: 'Founder', shares: '30000000' },
          { holderId: 'esop', name: 'Option pool', kind: 'option-pool', shares: '2000000' },
        ],
      }),
      200,
    );
    const condition = await api.post(`/rounds/${roundId}/conditions`, tokens.company, { title: 'Shareholder resolution' });
    expectStatus(condition, 201);

    await reportsCaughtUp('/reports/rounds', tokens.company);
    const { page, problems } = await openPage(tokens.company);
    await page.getByRole('link', { name: new RegExp(roundId) }).click();
    await page.getByRole('heading', { level: 1, name: 'Acme Robotics Ltd.: Series A' }).waitFor();
    await page.locator('canvas[role="img"]').waitFor();
    expect(await page.locator('canvas[role="img"]').getAttribute('aria-label')).toContain('Hard cap USD 10,000,000.00');

    // Admit both investors through the page's form.
    for (const [investorId, name, tier] of [[leadFund, 'Lead Fund', 'lead'], [otherFund, 'Other Fund', 'other']]) {
      const form = page.getByRole('form', { name: 'Admit an investor' });
      await form.getByLabel('Investor id').fill(investorId);
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Tier').selectOption(tier);
      await form.getByRole('button', { name: 'Admit' }).click();
      await form.getByText(`${name} admitted.`).waitFor();
    }
    // The same investor again: the API's refusal, in words, on the form.
    const admit = page.getByRole('form', { name: 'Admit an investor' });
    await admit.getByLabel('Investor id').fill(leadFund);
    await admit.getByLabel('Name').fill('Lead Fund');
    await admit.getByRole('button', { name: 'Admit' }).click();
    await expect(admit.getByRole('alert').innerText()).resolves.toMatch(/already/i);

    // Commitments land through the API while the page is open: the book moves on screen.
    expectStatus(await api.put(`/rounds/${roundId}/commitments/${leadFund}`, tokens.leadFund, { amount: '6000000.00', currency: 'USD' }), 201);
    expectStatus(await api.put(`/rounds/${roundId}/commitments/${otherFund}`, tokens.otherFund, { amount: '3000000.00', currency: 'USD' }), 201);
    await page.getByRole('row', { name: /Committed USD 9,000,000\.00/ }).waitFor();

    // The lead investor proposes its own information rights; the deal team accepts them on the page.
    const proposed = await api.post(`/rounds/${roundId}/terms`, tokens.leadFund, { key: 'information-rights', value: 'quarterly' });
    expectStatus(proposed, 201);
    await page.getByRole('button', { name: `Accept term ${proposed.body.termId}` }).click();
    await page.getByRole('table', { name: 'Terms agreed' }).getByRole('row', { name: /information-rights Lead Fund quarterly/ }).waitFor();

    // The deal team proposes an observer seat for the other investor, who accepts it through the API.
    const propose = page.getByRole('form', { name: 'Propose a term' });
    await propose.getByLabel('Term').selectOption('board-observer');
    await propose.getByLabel('Value').fill('true');
    await propose.getByLabel('For investor').selectOption(otherFund);
    await propose.getByRole('button', { name: 'Propose' }).click();
    const observerTerm = /Term (\S+) proposed\./.exec(await propose.getByRole('status').innerText())?.[1];
    expect(observerTerm).toBeDefined();
    expectStatus(await api.post(`/rounds/${roundId}/terms/${observerTerm}/accept`, tokens.otherFund), 200);

    // The lead investor signs; the deal team countersigns and records its payment on the page.
    expectStatus(await api.post(`/rounds/${roundId}/subscriptions/${leadFund}/sign`, tokens.leadFund, { documentReference: 'SA-2026-001' }), 200);
    await page.getByRole('button', { name: `Accept subscription of ${leadFund}` }).click();
    const funding = page.getByRole('form', { name: 'Record a funding' });
    await funding.getByLabel('Investor').selectOption(leadFund);
    await funding.getByLabel('Amount').fill('6000000.00');
    await funding.getByLabel('Value date').fill(new Date().toISOString().slice(0, 10));
    await funding.getByLabel('Bank reference').fill('WIRE-0001');
    await funding.getByRole('button', { name: 'Record funding' }).click();
    await funding.getByText('Funding of USD 6,000,000.00 recorded.').waitFor();
    await page.getByRole('table', { name: 'Investors and their subscriptions' }).getByRole('row', { name: /Lead Fund.*funded/ }).waitFor();

    // Closing with the resolution still open is refused, and the page says why.
    const close = page.getByRole('form', { name: 'Close the round' });
    await close.getByRole('button', { name: 'Close the round' }).click();
    await expect(close.getByRole('alert').innerText()).resolves.toMatch(/Shareholder resolution/);

    const satisfy = page.getByRole('form', { name: 'Satisfy a condition' });
    await satisfy.getByLabel('Condition').selectOption({ label: 'Shareholder resolution' });
    await satisfy.getByLabel('Evidence').fill('Board minutes BM-7');
    await satisfy.getByRole('button', { name: 'Satisfy' }).click();
    await page.getByRole('table', { name: 'Conditions of the close' }).getByRole('row', { name: /Shareholder resolution.*satisfied.*Board minutes BM-7.*dana@acme\.example/ }).waitFor();

    await close.getByRole('button', { name: 'Close the round' }).click();
    await page.locator('.round-head').getByText('closed', { exact: true }).waitFor();
    closedBy = Date.now();
    expect(await page.getByRole('heading', { name: 'Actions' }).isVisible()).toBe(false);
    const allocation = page.getByRole('table', { name: 'Allocation at close' });
    await allocation.getByRole('row', { name: /Lead Fund USD 6,000,000\.00 USD 6,000,000\.00/ }).waitFor();
    await allocation.getByRole('row', { name: /Other Fund USD 3,000,000\.00 USD 3,000,000\.00/ }).waitFor();
    await page.getByRole('table', { name: 'Cap table before and after' }).getByRole('row', { name: /Founder/ }).waitFor();
    await expectAccessible(page);

    if (process.env.WEB_SCREENSHOT) await page.screenshot({ path: process.env.WEB_SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an investor sees its own position, terms and documents, and nothing of the other investor', async () => {
    // The deal team waits: the last write's position is its own, and an investor may give only its own
    // (sealed) positions as minPosition.
    await reportsCaughtUp(`/reports/investors/${leadFund}`, tokens.company);
    const { page, problems } = await openPage(tokens.leadFund);
    await page.getByRole('link', { name: new RegExp(roundId) }).click();
    await page.getByRole('heading', { name: 'Your position' }).waitFor();
    const position = page.getByRole('table', { name: 'Your commitment' });
    await position.getByRole('row', { name: /Allocated USD 6,000,000\.00/ }).waitFor();
    await page.getByRole('table', { name: 'Terms agreed' }).getByRole('row', { name: /information-rights/ }).waitFor();
    await page.getByRole('table', { name: 'Subscription agreement' }).getByRole('row', { name: /SA-2026-001/ }).waitFor();
    await page.getByRole('table', { name: 'Your payments' }).getByRole('row', { name: /WIRE-0001/ }).waitFor();

    const seen = await text(page);
    expect(seen).not.toContain(otherFund);
    expect(seen).not.toContain('Other Fund');
    expect(seen).not.toContain('board-observer');
    expect(seen).not.toContain('USD 9,000,000.00'); // the book as committed
    expect(await page.getByRole('heading', { name: 'Actions' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'History' }).count()).toBe(0);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an auditor walks the history, sees the round as it stood, the verdict and the exports', async () => {
    const { page, problems } = await openPage(tokens.auditor);
    await page.goto(`${origin}/app/#/rounds/${encodeURIComponent(roundId)}`);
    await page.getByText('Verified', { exact: true }).waitFor();
    expect(await page.locator('.verdict-text').innerText()).toMatch(/\w+/);
    const timeline = page.getByRole('list', { name: 'History, oldest first' });
    await timeline.getByText(/dana@acme\.example, deal-lead/).first().waitFor();
    expect(await timeline.locator('li').count()).toBeGreaterThanOrEqual(15);
    expect(await timeline.innerText()).toContain('Why: Board minutes BM-7');

    // Back to the first event: the round as it stood then, open and empty.
    const slider = page.getByLabel('Revision');
    await slider.focus();
    await page.keyboard.press('Home');
    await page.getByRole('table', { name: 'The round as it stood at revision 0' }).getByRole('row', { name: /Investors admitted 0/ }).waitFor();
    await page.keyboard.press('End');
    await page.getByRole('table', { name: /The round as it stood at revision [1-9]/ }).getByRole('row', { name: /Status closed/ }).waitFor();

    // Or at a moment: now, the round closed; an hour before it was opened, no round yet (in the API's words).
    // The field takes whole seconds: the first whole second after the close, once it has passed (a second
    // before now was, on a fast run, before the close).
    const moment = page.getByLabel('Or a moment (UTC)');
    const afterClose = Math.ceil((closedBy + 1) / 1000) * 1000;
    while (Date.now() < afterClose) await new Promise((resolve) => setTimeout(resolve, 50));
    await moment.fill(new Date(afterClose).toISOString().slice(0, 19));
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByRole('table', { name: /The round as it stood at \d{4}-\d\d-\d\d/ }).getByRole('row', { name: /Status closed/ }).waitFor();
    await moment.fill(new Date(Date.now() - 3_600_000).toISOString().slice(0, 19));
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.locator('.as-of-result').getByRole('alert').getByText(/no round/i).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download History (CSV)' }).click()]);
    expect(download.suggestedFilename()).toBe(`round-${roundId}-history.csv`);
    expect(await page.getByRole('heading', { name: 'Actions' }).count()).toBe(0);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('another company\'s deal-lead finds no such round, and an expired token signs the page out', async () => {
    const { page } = await openPage(tokens.stranger);
    await page.getByRole('table', { name: 'Rounds you may see' }).or(page.getByText('Rounds you may see: None yet.')).waitFor();
    expect(await text(page)).not.toContain(roundId);
    await page.goto(`${origin}/app/#/rounds/${encodeURIComponent(roundId)}`);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/no round/i);

    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    // By keyboard alone: the sign-in heading has the focus, the token field is next, then the button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.getAttribute("name")')).toBe('token');
    await page.keyboard.insertText(await mintToken({ sub: 'audrey@audit.example', role: 'auditor' }, { expiresIn: 3 }));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    // Signed in again where it was: the round, which an auditor may see.
    await page.getByRole('heading', { level: 1, name: 'Acme Robotics Ltd.: Series A' }).waitFor();
    await page.locator('main').getByText('Signed out: your token expired.', { exact: false }).waitFor({ timeout: 20_000 });
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await page.close();
  });
});
