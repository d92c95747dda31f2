/**
 * SkillFlaw editing journeys, against the SkillFlaw test server this spec starts (port 0, the starter project
 * plus a flow with a Python code component): a Prompt's new {variable} becomes a port as it is typed and is
 * connected on the canvas, prompt -> model reconnected; the Python component's code in Monaco; a version
 * created and rolled back; an expired token refreshed through the browser's cookie jar; the project ZIP
 * downloaded from its folder menu and uploaded back.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { CodeEditorPage } from './pages/code-editor-page';
import { LibraryPage } from './pages/library-page';
import { SkillflawConnection, startSeededSkillflaw } from './pages/skillflaw-connection';
import type { SkillflawServer } from '../server/skillflaw/server';
import { allTypes } from '../server/skillflaw/components';

let server: SkillflawServer;
const PY_FLOW = '5b0c7d2e-9a41-4c3f-8e6d-2f1a0b9c8d71';
const PY_NODE = 'PythonFunction-Py001';
const BASIC = '3f0b8d4e-6a53-4c5e-9d1b-2c6f0e7a9b11';
const PROMPT = 'Prompt-3SM2g';
const MODEL = 'DeterministicModel-OcXkl';
const CHAT_IN = 'ChatInput-jFwUm';

test.beforeAll(async () => {
  server = await startSeededSkillflaw();
  const user = server.store.userByName('skillflaw')!;
  const project = [...server.store.projects.values()].find((p) => p.name === 'Starter Project')!;
  const py = Object.values(allTypes()).find((c) => 'PythonFunction' in c)!.PythonFunction;
  const node = { id: PY_NODE, type: 'genericNode', position: { x: 100, y: 100 }, data: { id: PY_NODE, type: 'PythonFunction', node: structuredClone(py) } };
  server.store.createFlow(user.id, { id: PY_FLOW, name: 'Python shout', description: '', data: { nodes: [node], edges: [], viewport: { x: 0, y: 0, zoom: 1 } }, project_id: project.id });
});
test.afterAll(async () => {
  await server.close();
});



type Rec = Record<string, unknown>;
const storedData = (id: string) => server.store.flows.get(id)?.data as { nodes: Rec[]; edges: Rec[] } | undefined;
const edgeInto = (id: string, target: string, field: string) =>
  storedData(id)?.edges.find((e) => e.target === target && ((e.data as Rec).targetHandle as Rec).fieldName === field);

async function open(page: Page, flowName: string): Promise<AppPage> {
  const app = new AppPage(page);
  await app.goto();
  const sf = new SkillflawConnection(page);
  await sf.connect('Team SkillFlaw', server.url);
  await sf.conn.selectFolder('Starter Project');
  await app.openFlow(flowName);
  return app;
}

test("a Prompt's new {variable} is a port as it is typed; connect chat input -> it and prompt -> model on the canvas; a type mismatch is refused", async ({ page, guards }) => {
  const app = await open(page, 'Basic Prompting');
  await app.showCanvas();
  await app.canvasNode(PROMPT).click();
  await expect(app.canvasHandle(PROMPT, 'question')).toHaveCount(0);
  await app.fillField('Template', 'Answer {question} as an expert.');
  // Drawn before any save.
  await expect(app.canvasHandle(PROMPT, 'question')).toHaveCount(1);
  await app.connectHandles(app.canvasHandle(CHAT_IN, 'message'), app.canvasHandle(PROMPT, 'question'));
  await expect(page.locator(`[data-testid="rf__edge-${CHAT_IN}:message->${PROMPT}:question"]`)).toHaveCount(1);

  // Prompt -> model: take the stored wire away, then draw it again by hand.
  const stored = page.locator(`[data-testid^="rf__edge-reactflow__edge-${PROMPT}"]`);
  await expect(stored).toHaveCount(1);
  await stored.locator('.react-flow__edge-interaction').click({ force: true });
  await page.keyboard.press('Delete');
  await expect(stored).toHaveCount(0);
  await expect.poll(() => edgeInto(BASIC, MODEL, 'system_message'), { timeout: 20_000 }).toBeUndefined();
  await app.connectHandles(app.canvasHandle(PROMPT, 'prompt'), app.canvasHandle(MODEL, 'system_message'));
  await expect(page.locator(`[data-testid="rf__edge-${PROMPT}:prompt->${MODEL}:system_message"]`)).toHaveCount(1);
  // A type mismatch is refused, with the types named: the model object is no message.
  await app.connectHandles(app.canvasHandle(MODEL, 'model_output'), app.canvasHandle('ChatOutput-gDYiJ', 'sender_name'));
  await expect(page.getByTestId('notice').filter({ hasText: 'These ports do not fit' })).toContainText(/LanguageModel.*Message|Message.*LanguageModel/);
  await expect(page.locator(`[data-testid^="rf__edge-${MODEL}:model_output->"]`)).toHaveCount(0);
  await guards.checkA11y();

  // Saved as Langflow stores it: the variable's field, both wires with their encoded handles.
  await expect.poll(() => edgeInto(BASIC, MODEL, 'system_message')?.source, { timeout: 20_000 }).toBe(PROMPT);
  await expect.poll(() => edgeInto(BASIC, PROMPT, 'question')?.source, { timeout: 20_000 }).toBe(CHAT_IN);
  const prompt = storedData(BASIC)!.nodes.find((n) => n.id === PROMPT)!;
  const template = ((prompt.data as Rec).node as Rec).template as Rec;
  expect((template.question as Rec).input_types).toEqual(['Message']);
  const edge = edgeInto(BASIC, PROMPT, 'question')!;
  expect(edge.targetHandle).toContain('œfieldNameœ:œquestionœ');
});

test("the Python component's code opens in Monaco as Python, with find, and its edit is saved", async ({ page, guards }) => {
  const app = await open(page, 'Python shout');
  await app.showCanvas();
  await app.canvasNode(PY_NODE).click();
  // The component's inputs and outputs, with their types, beside its code.
  const ports = page.getByTestId('step-ports');
  await expect(ports.locator('li[data-port="input_value"]')).toContainText('Message');
  await expect(ports.locator('li[data-port="output"]')).toContainText('Data');
  // Langflow marks `code` advanced: it is folded with the other advanced fields.
  await app.inspector.getByText('Advanced settings').click();
  const code = new CodeEditorPage(page);
  await code.waitReady();
  await expect(code.inline).toContainText('def build_output');
  // Python's tokenizer colours `def` as a keyword, unlike a plain identifier.
  const def = code.inline.locator('.view-line span span', { hasText: /^\s*def\s*$/ }).first();
  const name = code.inline.locator('.view-line span span', { hasText: /^\s*build_output\s*$/ }).first();
  expect(await def.getAttribute('class')).not.toBe(await name.getAttribute('class'));
  await code.focus();
  await page.keyboard.press('ControlOrMeta+F');
  await expect(code.inline.locator('.find-widget.visible')).toBeVisible();
  await page.keyboard.press('Escape');
  await code.appendCode('\n# shouted');
  await page.keyboard.press('Escape');
  await guards.checkA11y();
  await expect
    .poll(() => {
      const node = storedData(PY_FLOW)?.nodes.find((n) => n.id === PY_NODE);
      return String((((node?.data as Rec).node as Rec).template as Record<string, Rec>).code!.value);
    }, { timeout: 20_000 })
    .toMatch(/# shouted$/);
});

test('create a version with a note, change the flow, roll back to it (the draft is kept first)', async ({ page, guards }) => {
  const app = await open(page, 'Memory Chatbot');
  const lib = new LibraryPage(page);
  const id = '7c2e4a19-0b8d-4f6e-a3c5-91d2e8f4b702';
  const original = server.store.flows.get(id)!.name;
  let versions = await lib.openVersions();
  await versions.getByTestId('version-note-input').fill('Before the rename');
  await versions.getByTestId('version-create').click();
  const row = versions.getByTestId('version-row').filter({ hasText: 'Before the rename' });
  await expect(row).toHaveCount(1);
  await guards.checkA11y();
  await page.keyboard.press('Escape');
  await expect(versions).toBeHidden();

  await app.renameFlow('Memory Chatbot (renamed)');
  await expect.poll(() => server.store.flows.get(id)?.name, { timeout: 20_000 }).toBe('Memory Chatbot (renamed)');
  const count = server.store.versions.get(id)?.length ?? 0;

  versions = await lib.openVersions();
  await versions.getByTestId('version-row').filter({ hasText: 'Before the rename' }).getByTestId('version-restore').click();
  await expect.poll(() => server.store.flows.get(id)?.name, { timeout: 20_000 }).toBe(original);
  // The renamed draft was saved as a version before the roll back.
  expect(server.store.versions.get(id)?.length).toBe(count + 1);
});

test('an expired token is refreshed through the browser cookie jar, without signing in again', async ({ page, guards }) => {
  const app = await open(page, 'Document Q&A');
  // The browser logs the 401 that the expired token gets; the refresh it starts is what this test is about.
  guards.allowConsoleError('status of 401 (Unauthorized)');
  const logins = server.authCounts.logins;
  const refreshes = server.authCounts.refreshes;
  server.expireAccessTokens();
  await app.renameFlow('Document Q&A (after refresh)');
  await expect.poll(() => [...server.store.flows.values()].some((f) => f.name === 'Document Q&A (after refresh)'), { timeout: 20_000 }).toBe(true);
  expect(server.authCounts.refreshes).toBe(refreshes + 1);
  expect(server.authCounts.logins).toBe(logins);
});

test("download the project's ZIP from its folder menu and upload it back: a flow deleted meanwhile returns", async ({ page, guards }) => {
  await open(page, 'Basic Prompting');
  const lib = new LibraryPage(page);
  const download = await lib.exportFolderZip('Starter Project');
  const zipPath = test.info().outputPath('project.zip');
  await download.saveAs(zipPath);
  // Langflow's project download: one JSON per flow of the project.
  const flows = Object.values(unzipSync(readFileSync(zipPath))).map((b) => JSON.parse(strFromU8(b)) as { id: string; name: string });
  expect(flows.map((f) => f.id).sort()).toEqual([...server.store.flows.values()].filter((f) => f.project_id === server.store.flows.get(PY_FLOW)!.project_id).map((f) => f.id).sort());
  expect(flows.map((f) => f.name)).toContain('Python shout');

  server.store.flows.delete(PY_FLOW);
  const dialog = await lib.pickImport([zipPath]);
  await expect(dialog.getByTestId('import-entry')).toHaveCount(flows.length);
  await guards.checkA11y();
  await dialog.getByTestId('import-confirm').click();
  await expect(dialog.getByTestId('import-report-summary')).toContainText(`Imported: ${flows.length}.`);
  await dialog.getByTestId('import-done').click();
  await expect.poll(() => server.store.flows.get(PY_FLOW)?.name, { timeout: 20_000 }).toBe('Python shout');
  await expect(lib.flowRow('Python shout')).toBeVisible();
});
