/**
 * Ports on the canvas: one handle per port, with its label. Connect an if step's second output (False) to a
 * step on the canvas, run the flow on the local engine, and see that edge highlighted as taken (and the True
 * edge not); the list names the step's incoming port.
 */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';

/** A graph flow: Start → Check (an if whose condition is false); Check's True → Then; "Else" not yet wired. */
function portsFlowFile(): Buffer {
  const step = (id: string, type: string, title: string, kind: string, params: Record<string, unknown> = {}) => ({ id, type, title, kind, params });
  const flow = {
    schemaVersion: 2,
    id: 'flow_ports_journey',
    name: 'Ports journey',
    description: '',
    tags: [],
    structure: 'graph',
    steps: {
      start: step('start', 'core.manual_trigger', 'Start', 'trigger'),
      check: step('check', 'core.if', 'Check', 'if', { condition: '1 >= 5' }),
      then: step('then', 'core.log', 'Then', 'action', { message: 'took true' }),
      other: step('other', 'core.log', 'Otherwise', 'action', { message: 'took false' }),
    },
    root: ['start', 'check', 'then', 'other'],
    edges: [
      { id: 'start:out->check', source: 'start', sourcePort: 'out', target: 'check', targetPort: 'in' },
      { id: 'check:true->then', source: 'check', sourcePort: 'true', target: 'then', targetPort: 'in' },
    ],
    notes: [],
    inputs: [],
    dialect: 'local',
  };
  return Buffer.from(JSON.stringify({ format: 'flowbench/flow', version: 1, flow }));
}



test('connect an if step’s False port on the canvas, run, and see that edge taken', async ({ page, guards }) => {
  const app = new AppPage(page);
  await app.goto();
  await page.getByTestId('import-input').setInputFiles({ name: 'ports.json', mimeType: 'application/json', buffer: portsFlowFile() });
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-done').click();
  await app.openFlow('Ports journey');
  await app.showCanvas();

  // One handle per port, named: the if step has True and False outputs and one input.
  await expect(app.canvasHandle('check', 'true')).toHaveAttribute('aria-label', 'True output of Check');
  await expect(app.canvasHandle('check', 'false')).toHaveAttribute('aria-label', 'False output of Check');
  await expect(app.canvasHandle('check', 'false')).toContainText('False');
  await expect(app.canvasHandle('other', 'in')).toHaveCount(1);

  await app.connectHandles(app.canvasHandle('check', 'false'), app.canvasHandle('other', 'in'));
  const taken = app.canvasEdge('check', 'false', 'other');
  await expect(taken).toHaveCount(1);
  await guards.checkA11y();

  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 30_000 });
  await expect(taken.locator('path.fb-edge--executed')).toHaveCount(1);
  await expect(app.canvasEdge('check', 'true', 'then').locator('path.fb-edge--executed')).toHaveCount(0);
  await expect(app.runStep('other')).toHaveAttribute('data-status', 'succeeded');

  // The list of a graph flow names where each step's input comes from, by port.
  await app.showList();
  await expect(app.rowById('other').getByTestId('step-incoming')).toHaveText('from Check (false → in)');
});
