/**
 * The one Playwright fixture every journey uses. It fails a test on:
 * - any request that leaves 127.0.0.1 (nothing may load from a CDN);
 * - any console error or uncaught page error;
 * - any Content-Security-Policy violation (the production build ships a strict policy: vite.config.ts);
 * and offers `checkA11y()` which fails on serious or critical axe-core violations.
 */
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const LOCAL = /^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;
const INTERNAL = /^(data|blob|about|chrome|chrome-extension|devtools):/;

interface Guards {
  external: string[];
  consoleErrors: string[];
  /** Console errors a test expects (e.g. a deliberately failing fetch); matched by substring. */
  allowConsoleError: (pattern: string | RegExp) => void;
  checkA11y: (page?: Page) => Promise<void>;
}

export const test = base.extend<{ guards: Guards }>({
  guards: [
    async ({ page, context }, use) => {
      const external: string[] = [];
      const consoleErrors: string[] = [];
      const allowed: Array<string | RegExp> = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (LOCAL.test(url) || INTERNAL.test(url)) return route.continue();
        external.push(url);
        return route.abort('blockedbyclient');
      });
      // Chromium logs most violations itself; the event also catches report-only ones and names the directive.
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
        });
      });
      const isAllowed = (text: string) =>
        allowed.some((p) => (typeof p === 'string' ? text.includes(p) : p.test(text)));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !isAllowed(msg.text())) consoleErrors.push(msg.text());
      });
      page.on('pageerror', (err) => {
        if (!isAllowed(err.message)) consoleErrors.push(`pageerror: ${err.message}`);
      });
      const guards: Guards = {
        external,
        consoleErrors,
        allowConsoleError: (p) => allowed.push(p),
        checkA11y: async (p = page) => {
          const results = await new AxeBuilder({ page: p }).analyze();
          const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          expect(
            bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`),
            'serious or critical axe-core violations',
          ).toEqual([]);
        },
      };
      await use(guards);
      expect(external, 'requests that left 127.0.0.1').toEqual([]);
      expect(consoleErrors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
