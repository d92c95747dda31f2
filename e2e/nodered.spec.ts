/**
 * Node-RED end to end, against a real node-red 4.1.15 started for this file (with the trace plugin):
 * connect, open a tab as a list and as a graph, run it by its inject node and watch the trace with the
 * thrown error on its node; deploy an edit that lands in Node-RED, and resolve a conflict made by a deploy
 * from elsewhere in between.
 */
import { test, expect } from './fixtures';
import { startNodeRed, type NodeRedEngine } from '../server/nodered/engine';
import { traceFlows } from '../src/backends/nodered/fixtures/trace-flows';
import { AppPage } from './pages/app-page';
import { NodeRedPage } from './pages/nodered-page';

let red: NodeRedEngine;

interface Stored {
  rev: string;
  flows: Array<Record<string, unknown> & { id: string }>;
}
const stored = async (): Promise<Stored> =>
  (await (await fetch(`${red.url}/flows`, { headers: { 'Node-RED-API-Version': 'v2' } })).json()) as Stored;
/** A deploy from Node-RED's own editor (or anyone else): full, no rev check. */
async function deployElsewhere(flows: Stored['flows']): Promise<void> {
  const res = await fetch(`${red.url}/flows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'Node-RED-API-Version': 'v2', 'Node-RED-Deployment-Type': 'full' },
    body: JSON.stringify({ flows }),
  });
  expect(res.ok).toBe(true);
}

test.beforeAll(async () => {
  red = await startNodeRed({ port: 0, flows: traceFlows(), startTimeoutMs: 60_000 });
});
test.afterAll(async () => {
  await red?.stop();
});

test('connect, open a tab as list and graph, run it and see the trace, the error on its node', async ({ page, guards }) => {
  const app = new AppPage(page);
  await app.goto();
  await new NodeRedPage(page).connect('Local Node-RED', red.url);

  await app.openFlow('Trace me');
  await app.showList();
  await expect(app.rowById('fn1')).toBeVisible();
  await app.showCanvas();
  await expect(app.canvasNode('fn2')).toBeVisible();

  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Failed/, { timeout: 20_000 });
  await expect(app.runStep('fn2')).toHaveAttribute('data-status', 'failed');
  await expect(app.runStep('fn1')).toHaveAttribute('data-status', 'succeeded');
  await guards.checkA11y();
});

test('deploy an edit, then resolve a conflict made by a deploy from elsewhere', async ({ page }) => {
  const app = new AppPage(page);
  await app.goto();
  await new NodeRedPage(page).connect('Local Node-RED', red.url);
  await app.openFlow('Trace me');

  const before = await stored();
  await app.renameFlow('Trace me (edited)');
  await expect.poll(async () => (await stored()).flows.find((o) => o.id === 'tab-trace')?.label).toBe('Trace me (edited)');
  const after = await stored();
  // Only the tab object changed.
  expect(after.flows.filter((o, i) => JSON.stringify(o) !== JSON.stringify(before.flows[i])).map((o) => o.id)).toEqual(['tab-trace']);

  // Someone renames a node of this tab from Node-RED's editor; our next save is refused and asks.
  await deployElsewhere(after.flows.map((o) => (o.id === 'fn1' ? { ...o, name: 'route (theirs)' } : o)));
  await page.getByRole('textbox', { name: /flow name|流程名称/i }).fill('Trace me (mine)');
  const dialog = page.getByTestId('conflict-dialog');
  await expect(dialog).toBeVisible({ timeout: 15_000 });
  await dialog.getByTestId('conflict-keep-mine').click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await stored()).flows.find((o) => o.id === 'tab-trace')?.label).toBe('Trace me (mine)');
});
