/**
 * Page object for the Flowbench shell and editor. Journeys talk to the app through this, so the test ids
 * and roles live in one place.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class AppPage {
  constructor(readonly page: Page) {}

  async goto(hash = ''): Promise<void> {
    await this.page.goto(`/${hash}`);
    await expect(this.page.getByTestId('new-flow')).toBeVisible();
  }

  async newFlow(name?: string): Promise<void> {
    const before = this.page.url();
    await this.page.getByTestId('new-flow').click();
    // A new flow asks for its name first (empty: "Untitled flow").
    await this.nameNewFlow(name ?? '');
    // Wait for the new flow to be the open one, not the flow that was open before.
    await expect.poll(() => this.page.url()).not.toBe(before);
    await expect(this.page.getByTestId('flow-settings')).toBeVisible();
    await expect(this.editor).toBeVisible();
    if (name) await expect(this.page.getByRole('textbox', { name: /flow name|流程名称/i })).toHaveValue(name);
  }

  /** Fills and confirms the "New flow" name dialog (opened by + New flow or the empty state's Create a flow). */
  async nameNewFlow(name: string): Promise<void> {
    const dialog = this.page.getByTestId('new-flow-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('new-flow-name').fill(name);
    await dialog.getByTestId('new-flow-create').click();
    await expect(dialog).toBeHidden();
  }

  async renameFlow(name: string): Promise<void> {
    const title = this.page.getByRole('textbox', { name: /flow name|流程名称/i });
    await title.fill(name);
    await this.waitSaved();
  }

  async openFlow(name: string): Promise<void> {
    await this.page.getByTestId('flow-item').filter({ hasText: name }).click();
    await expect(this.editor).toBeVisible();
  }

  get editor(): Locator {
    return this.page.getByRole('toolbar', { name: /flow editor|流程编辑器/i });
  }

  async waitSaved(): Promise<void> {
    await expect(this.page.getByTestId('save-status')).toHaveText(/All changes saved|所有更改已保存/, { timeout: 10_000 });
  }

  // ---- step picker

  /** Picks a module in the open step picker by its (English) name. */
  async pick(moduleName: string): Promise<void> {
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('combobox').fill(moduleName);
    await dialog.getByRole('option', { name: new RegExp(`^\\S*\\s*${moduleName}`) }).first().click();
    await expect(dialog).toBeHidden();
  }

  /** Adds a step after the focused step (toolbar button). */
  async addStep(moduleName: string): Promise<void> {
    await this.page.getByTestId('add-step').click();
    await this.pick(moduleName);
  }

  // ---- list view

  get list(): Locator {
    return this.page.getByTestId('step-list');
  }

  rows(): Locator {
    return this.list.locator('[role="treeitem"][data-step-id]');
  }

  row(title: string): Locator {
    return this.rows().filter({ has: this.page.locator('.fb-sl-title').getByText(title, { exact: true }) }).first();
  }

  /** Adds a step into an empty branch of a block, through its placeholder row. */
  async addInEmptyBranch(blockStepId: string, branch: 'then' | 'else' | 'body', moduleName: string): Promise<void> {
    await this.list.locator(`[data-block-id="${blockStepId}"][data-empty-branch="${branch}"] button`).click();
    await this.pick(moduleName);
  }

  /**
   * A new flow: a manual trigger, then a Loop whose body logs `round <index>`; the Loop row is left selected, so
   * the next `addStep` goes after the loop. The journeys of run debugging and the debugger start from it.
   */
  async newLoopFlow(name: string): Promise<{ loop: string; log: string }> {
    await this.newFlow(name);
    await this.list.getByTestId('step-list-add').click();
    await this.pick('Manual trigger');
    await this.addStep('Loop');
    const loop = await this.stepId('Loop');
    await this.addInEmptyBranch(loop, 'body', 'Log');
    const log = await this.stepId('Log');
    await this.fillField('Message', `round {{steps.${loop}.index}}`);
    await this.row('Loop').click();
    return { loop, log };
  }

  /** A list row by step id (flows from remote backends may have untitled steps). */
  rowById(stepId: string): Locator {
    return this.list.locator(`[role="treeitem"][data-step-id="${stepId}"]`);
  }

  /** `level:stepId` of every step row, top to bottom. */
  async outlineById(): Promise<string[]> {
    return this.rows().evaluateAll((els) =>
      els
        .map((el) => ({ top: el.getBoundingClientRect().top, el }))
        .sort((a, b) => a.top - b.top)
        .map(({ el }) => `${el.getAttribute('aria-level')}:${el.getAttribute('data-step-id')}`),
    );
  }

  async stepId(title: string): Promise<string> {
    const id = await this.row(title).getAttribute('data-step-id');
    if (!id) throw new Error(`no row titled ${title}`);
    return id;
  }

  /** Titles and nesting levels of the list, top to bottom (step rows only). */
  async outline(): Promise<string[]> {
    return this.rows().evaluateAll((els) =>
      els
        .map((el) => ({ top: el.getBoundingClientRect().top, el }))
        .sort((a, b) => a.top - b.top)
        .map(({ el }) => `${el.getAttribute('aria-level')}:${el.querySelector('.fb-sl-title')?.textContent?.trim() ?? ''}`),
    );
  }

  // ---- canvas

  async showCanvas(): Promise<void> {
    await this.page.getByTestId('view-canvas').click();
    await expect(this.page.getByTestId('canvas')).toBeVisible();
    // Only steps inside the viewport are rendered: fit the whole flow in view.
    await this.page.locator('.react-flow__controls-fitview').click();
  }

  async showList(): Promise<void> {
    await this.page.getByTestId('view-list').click();
    await expect(this.list).toBeVisible();
  }

  canvasNode(stepId: string): Locator {
    return this.page.getByTestId(`canvas-node-${stepId}`);
  }

  /** A port's handle on a canvas node. */
  canvasHandle(stepId: string, port: string): Locator {
    return this.canvasNode(stepId).locator(`.react-flow__handle[data-handleid="${port}"]`);
  }

  /** Drags a connection from one handle to another with the mouse, as a user would. */
  async connectHandles(from: Locator, to: Locator): Promise<void> {
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    if (!a || !b) throw new Error('handle not on screen');
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await this.page.mouse.up();
  }

  /** React Flow edge ids are `${source}:${handle}->${target}` for block flows. */
  canvasEdge(source: string, handle: string, target: string): Locator {
    return this.page.locator(`[data-testid="rf__edge-${source}:${handle}->${target}"]`);
  }

  // ---- keyboard

  async press(keys: string): Promise<void> {
    await this.page.keyboard.press(keys);
  }

  // ---- inspector

  get inspector(): Locator {
    return this.page.locator('#fb-inspector');
  }

  /** A field of the focused step's form by its label (the "(required)" mark read to screen readers is allowed). */
  field(label: string): Locator {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.inspector.getByLabel(new RegExp(`^${escaped}(\\s*\\*)?( \\(required\\))?$`));
  }

  /** Fills a text field of the focused step's form by its label. */
  async fillField(label: string, value: string): Promise<void> {
    await this.field(label).fill(value);
  }

  /**
   * Sets a code field's text, whether it renders as Monaco (loaded lazily) or as a plain textarea. Monaco
   * drops spaces when Playwright types, so the text is inserted in one go.
   */
  async setCode(label: string, text: string): Promise<void> {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const shell = this.inspector
      .locator('.fb-field')
      .filter({ has: this.page.locator('.fb-field__label', { hasText: new RegExp(`^${escaped}`) }) })
      .first();
    const monaco = shell.locator('.monaco-editor');
    const loaded = await monaco
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (!loaded) {
      await shell.locator('textarea').fill(text);
      return;
    }
    await monaco.locator('.view-lines').click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
    // Leave the editor so its debounced text reaches the document before the next action.
    await this.page.keyboard.press('Escape');
    await expect(monaco).toContainText(text.split('\n')[0]!.trim().slice(0, 20));
  }

  // ---- runs

  async runFlow(): Promise<void> {
    await this.page.getByTestId('run').click();
  }

  runStatus(): Locator {
    return this.page.getByTestId('run-status');
  }

  runStep(stepId: string): Locator {
    return this.page.locator(`[data-testid="run-step"][data-step-id="${stepId}"]`);
  }
}
