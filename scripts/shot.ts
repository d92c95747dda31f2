/**
 * Developer aid: screenshots of a running app in Debian's chromium.
 * `npx tsx scripts/shot.ts <url> <out.png> [--theme dark] [--lang zh] [--click selector]...`
 */
import { chromium } from '@playwright/test';

const [url = 'http://127.0.0.1:4173', out = '/tmp/shot.png', ...rest] = process.argv.slice(2);
const opt = (name: string) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
};
const clicks = rest.flatMap((a, i) => (a === '--click' ? [rest[i + 1]!] : []));

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.on('console', (m) => m.type() === 'error' && console.log('console error:', m.text()));
page.on('pageerror', (e) => console.log('page error:', e.message));
await page.addInitScript(
  ([theme, lang]) => {
    if (theme) localStorage.setItem('flowbench.theme', theme);
    if (lang) localStorage.setItem('flowbench.language', lang);
  },
  [opt('theme') ?? '', opt('lang') ?? ''],
);
await page.goto(url);
await page.waitForTimeout(1200);
for (const sel of clicks) {
  await page.click(sel);
  await page.waitForTimeout(800);
}
await page.screenshot({ path: out });
await browser.close();
console.log('wrote', out);
