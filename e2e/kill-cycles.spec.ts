/**
 * Zero lost edits under crashes at any moment: 100 "kill cycles". Each cycle types one more character and
 * then, after a random delay (40–520 ms, seeded), reads what IndexedDB has committed at that instant, as a
 * tab killed then would leave it: the editor journal or the local backend's stored flow must already hold
 * the character. A crash within the first two frames after a key (under ~40 ms) is the only window the
 * design leaves open, and it is outside the drawn delays on purpose (see README, Reliability).
 */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';

/** Small seeded PRNG (mulberry32) so a failure replays with the same delays. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The committed Message of the flow's Log step: journal first (unsaved), else the stored flow. */
async function committedMessages(page: import('@playwright/test').Page, flowId: string): Promise<string[]> {
  return page.evaluate(async (id) => {
    const read = (db: string, store: string, key: string) =>
      new Promise<unknown>((resolve) => {
        const open = indexedDB.open(db);
        open.onerror = () => resolve(undefined);
        open.onsuccess = () => {
          const conn = open.result;
          if (!conn.objectStoreNames.contains(store)) return resolve(undefined);
          const req = conn.transaction(store, 'readonly').objectStore(store).get(key);
          req.onsuccess = () => {
            resolve(req.result);
            conn.close();
          };
          req.onerror = () => resolve(undefined);
        };
      });
    const messages = (flow: unknown): string[] => {
      const steps = (flow as { steps?: Record<string, { params?: { message?: unknown } }> } | undefined)?.steps ?? {};
      return Object.values(steps).map((s) => String(s.params?.message ?? ''));
    };
    const journal = (await read('flowbench-editor', 'journal', `local::${id}`)) as { flow?: unknown } | undefined;
    const stored = (await read('flowbench', 'flows', id)) as { flow?: unknown } | undefined;
    return [...messages(journal?.flow), ...messages(stored?.flow)];
  }, flowId);
}

test('100 kill cycles at random delays lose no edit', async ({ page }) => {
  test.setTimeout(240_000);
  const app = new AppPage(page);
  await app.goto();
  await app.newFlow('Kill cycles');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('Log');
  const field = app.field('Message');
  await field.click();
  const flowId = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/?(flow\/)?/, '').split('/').pop() ?? '');
  expect(flowId).not.toBe('');
  const random = prng(20261204);
  const lost: string[] = [];
  let typed = '';
  for (let i = 0; i < 100; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    await page.keyboard.type(ch);
    typed += ch;
    const delay = 40 + Math.floor(random() * 480);
    await page.waitForTimeout(delay);
    const messages = await committedMessages(page, flowId);
    if (!messages.some((m) => m === typed)) lost.push(`cycle ${i} after ${delay} ms: committed ${JSON.stringify(messages)}`);
  }
  expect(lost, 'edits a crash at that moment would have lost').toEqual([]);
  await expect(field).toHaveValue(typed);
});
