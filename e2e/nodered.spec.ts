/**
 * Node-RED end to end, against a real node-red 4.1.15 started for this file (with the trace plugin):
 * connect, open a tab as a list and as a graph, run it by its inject node and watch the trace with the
 * thrown error on its node; deploy an edit that lands in Node-RED, and resolve a conflict made by a deploy
 * from elsewhere in between; edit a function node in Monaco (its On Start / On Message / On Stop tabs, Node-RED
 * typings, a test with a sample msg), deploy it, and see the run light the wire taken and the node's status.
 */
import { test, expect } from './fixtures';
import { startNodeRed, type NodeRedEngine } from '../server/nodered/engine';
import { traceFlows } from '../src/backends/nodered/fixtures/trace-flows';
import { AppPage } from './pages/app-page';
import { NodeRedPage } from './pages/nodered-page';
import { CodeEditorPage } from './pages/code-editor-page';

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

test('edit a function node in Monaco, test it with a sample msg, deploy; the run lights the wire taken and shows its status', async ({ page, guards }) => {
  await deployElsewhere(traceFlows());
  const app = new AppPage(page);
  const code = new CodeEditorPage(page);
  await app.goto();
  await new NodeRedPage(page).connect('Local Node-RED', red.url);
  await app.openFlow('Trace me');
  await app.showCanvas();
  await app.canvasNode('fn1').click();

  // Node-RED's three tabs; On Message holds the node's code.
  const tabs = page.getByTestId('code-tabs');
  await expect(tabs.getByRole('tab')).toHaveText(['On Message', 'On Start', 'On Stop']);
  await expect(tabs.getByRole('tab', { name: 'On Message' })).toHaveAttribute('aria-selected', 'true');
  await code.waitReady();
  await expect(code.inline).toContainText('node.status');

  // Typed against Node-RED's API: a fill Node-RED does not have is an error on its line.
  await code.setCode('msg.payload = msg.payload * 10;\nnode.status({ fill: "purple", text: "x" });\nreturn [null, msg];');
  await expect.poll(() => code.linesWithErrors(), { timeout: 20_000 }).toEqual([2]);
  await code.setCode('msg.payload = msg.payload * 10;\nnode.status({ fill: "green", shape: "dot", text: "x" + msg.payload });\nreturn [null, msg];');
  await expect(code.problems).toHaveText('No problems', { timeout: 20_000 });
  await guards.checkA11y();

  // Tested locally with a sample msg: the message leaves on output 2, and the status is reported.
  await code.setSample({ steps: {}, inputs: { msg: { payload: 4 } } });
  await code.runTest();
  await expect(code.testValue).toContainText('"payload": 40');
  await expect(code.testValue).toContainText('"text": "x40"');

  // On Start is its own editor, with no msg there.
  await tabs.getByRole('tab', { name: 'On Start' }).click();
  await code.waitReady();
  await code.setCode('flow.set("ready", true);\nreturn msg;');
  await expect.poll(() => code.linesWithErrors(), { timeout: 20_000 }).toEqual([2]);
  await code.setCode('flow.set("ready", true);');
  await expect(code.problems).toHaveText('No problems', { timeout: 20_000 });
  await page.keyboard.press('Escape');

  // Saving deploys both fields.
  await expect
    .poll(async () => {
      const fn = (await stored()).flows.find((o) => o.id === 'fn1');
      return [fn?.func, fn?.initialize];
    }, { timeout: 20_000 })
    .toEqual(['msg.payload = msg.payload * 10;\nnode.status({ fill: "green", shape: "dot", text: "x" + msg.payload });\nreturn [null, msg];', 'flow.set("ready", true);']);

  // The run takes fn1's second output (to the thrower), not the first; fn1's status shows under it.
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Failed/, { timeout: 20_000 });
  const red1 = new NodeRedPage(page);
  await expect(red1.wire('fn1', 1, 0, 'fn2').locator('path.fb-edge--executed')).toHaveCount(1);
  await expect(red1.wire('fn1', 0, 0, 'dbg1')).toBeVisible();
  await expect(red1.wire('fn1', 0, 0, 'dbg1').locator('path.fb-edge--executed')).toHaveCount(0);
  await expect(page.getByTestId('node-status-fn1')).toHaveText('x30');
  await expect(page.getByTestId('node-status-fn1')).toHaveAttribute('data-fill', 'green');
  await guards.checkA11y();
});
