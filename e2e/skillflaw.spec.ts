/**
 * SkillFlaw end to end, against the SkillFlaw test server this spec starts (port 0, a "Starter Project"
 * with Basic Prompting, Memory Chatbot and Document Q&A): sign in, open a project's flow as a graph, build
 * it and watch the model's tokens stream, and see a failing component's error; a save after another writer's
 * save opens the conflict dialog. Editing journeys (typed ports, Python, versions, refresh, project ZIP) are in
 * skillflaw-editing.spec.ts.
 */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { SkillflawConnection, startSeededSkillflaw } from './pages/skillflaw-connection';
import type { SkillflawServer } from '../server/skillflaw/server';

let server: SkillflawServer;
test.beforeAll(async () => {
  server = await startSeededSkillflaw();
});
test.afterAll(async () => {
  await server.close();
});

const MODEL = 'DeterministicModel-OcXkl';

test('sign in, open a starter flow as a graph, build with streamed tokens, see a failing component', async ({ page, guards }) => {
  const app = new AppPage(page);
  await app.goto();
  const sf = new SkillflawConnection(page);
  await sf.connect('Team SkillFlaw', server.url);

  await sf.conn.selectFolder('Starter Project');
  await expect(page.getByTestId('flow-list').locator('.fb-flow-name')).toHaveText(['Basic Prompting', 'Document Q&A', 'Memory Chatbot'], { ignoreCase: false, useInnerText: true });
  await app.openFlow('Basic Prompting');
  await app.showCanvas();
  const model = app.canvasNode(MODEL);
  await expect(model).toBeVisible();
  await expect(model).toContainText('Deterministic Model');
  await expect(app.canvasNode('ChatOutput-gDYiJ')).toBeVisible();
  await guards.checkA11y();

  // Build: the model's answer streams into its step, then the run succeeds.
  server.setFaults({});
  await app.runFlow();
  await expect(app.runStatus()).toHaveClass(/fb-status-succeeded/, { timeout: 20_000 });
  await app.runStep(MODEL).click();
  await expect(page.getByTestId('run-details-stream')).toContainText('echo-small heard: Hello');

  // A failing component.
  server.setFaults({ failVertices: ['ChatOutput'] });
  await app.runFlow();
  await expect(app.runStatus()).toHaveClass(/fb-status-failed/, { timeout: 20_000 });
  // The run panel opens the failed step's details: its error, with the server's words.
  await expect(page.getByTestId('run-details')).toHaveAttribute('data-step-id', 'ChatOutput-gDYiJ');
  await expect(page.getByTestId('run-details-error')).toContainText('Injected failure in Chat Output');
  await guards.checkA11y();
  server.setFaults({});
});

test('a save after another writer changed the flow opens the conflict dialog; keep mine wins', async ({ page, guards }) => {
  const app = new AppPage(page);
  await app.goto();
  const sf = new SkillflawConnection(page);
  await sf.connect('Team SkillFlaw', server.url);
  await sf.conn.selectFolder('Starter Project');
  await app.openFlow('Memory Chatbot');
  const id = '7c2e4a19-0b8d-4f6e-a3c5-91d2e8f4b702';
  // Someone else saves in between: `updated_at` moves on, our `last_known_updated_at` is stale.
  server.touchFlow(id, { description: 'changed elsewhere' });
  // The browser logs the 409 the server answers; that answer is what this test is about.
  guards.allowConsoleError('status of 409 (Conflict)');
  await page.getByRole('textbox', { name: /flow name|流程名称/i }).fill('Memory Chatbot (mine)');
  const dialog = page.getByTestId('conflict-dialog');
  await expect(dialog).toBeVisible({ timeout: 20_000 });
  await guards.checkA11y();
  await page.getByTestId('conflict-keep-mine').click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => server.store.flows.get(id)?.name, { timeout: 20_000 }).toBe('Memory Chatbot (mine)');
});
