/**
 * SkillFlaw end to end, against the SkillFlaw test server this spec starts (port 0, a "Starter Project"
 * with Basic Prompting, Memory Chatbot and Document Q&A): sign in, open a project's flow as a graph, build
 * it and watch the model's tokens stream, and see a failing component's error. (The canvas does not draw a
 * step's own typed ports yet; the mapping tests check them.)
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
