/**
 * Step settings forms built from module input schemas (issue 4): every widget kind of the local catalog,
 * inline validation, references by picker and by typing with chips that follow a rename and flag a delete,
 * and the checklist that blocks a run until the flow is valid.
 *
 * The local catalog's modules use text, dropdown, number slider, key-value, code and switch inputs; object,
 * list, file, multi-select and JSON widgets only appear with other backends' schemas and are covered by
 * src/forms/SchemaForm.test.tsx.
 */
import { test, expect } from './fixtures';
import { AppPage } from './pages/app-page';
import { FormsPage } from './pages/forms-page';
import { startLocalServer, type LocalServer } from './local-server';

let server: LocalServer;
test.beforeAll(async () => {
  server = await startLocalServer();
});
test.afterAll(async () => {
  await server.close();
});

const SHOTS = process.env.FORMS_SHOTS;

test('fill every widget kind of a form, see validation errors and fix them', async ({ page, guards }) => {
  const app = new AppPage(page);
  const forms = new FormsPage(app);
  await app.goto();
  await app.newFlow('Forms journey');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('HTTP request');

  // A required URL left empty: an inline error, and the checklist counts it.
  await expect(forms.error('URL')).toHaveText('This field is required.');
  await expect(app.field('URL')).toHaveAttribute('aria-invalid', 'true');
  await expect(forms.checklistButton).toHaveText(/1 problem/);

  // A URL that does not match the module's pattern.
  await app.fillField('URL', 'ftp://example.test/file');
  // Said in words, not as the module's regex.
  await expect(forms.error('URL')).toHaveText('Enter an address that starts with http:// or https://, or a reference.');
  const checklist = await forms.openChecklist();
  await expect(forms.checklistItem(checklist, 'HTTP request')).toContainText(
    'URL: Enter an address that starts with http:// or https://',
  );
  await page.keyboard.press('Escape');
  await expect(checklist).toBeHidden();

  // Dropdown, key-value editor, code field, number + slider, switch.
  await app.field('Method').selectOption('POST');
  await expect(app.field('Method').locator('option:checked')).toHaveText('POST');
  await forms.addKeyValue('Headers', 'X-Trace', 'journey-1');
  await app.setCode('Body', '{"hello": "world"}');
  await app.fillField('Timeout', '0');
  await expect(forms.error('Timeout')).toHaveText('Must be at least 1.');
  await forms.slider('Timeout').focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(app.field('Timeout')).toHaveValue('5');
  await expect(forms.error('Timeout')).toHaveCount(0);
  await forms.switch('Fail on HTTP error').check();
  await expect(forms.switch('Fail on HTTP error')).toBeChecked();

  // Fix the URL: no errors left, nothing blocks running.
  await app.fillField('URL', 'https://example.test/api');
  await expect(forms.error('URL')).toHaveCount(0);
  await expect(forms.checklistButton).toHaveText('No problems');
  await expect(forms.runBlocked).toHaveCount(0);
  await guards.checkA11y();
  if (SHOTS) await app.inspector.screenshot({ path: `${SHOTS}/inspector-form.png` });

  // Everything the widgets wrote is in the document: it survives a reload.
  await app.waitSaved();
  await page.reload();
  await app.row('HTTP request').click();
  await expect(app.field('Method').locator('option:checked')).toHaveText('POST');
  await expect(app.field('URL')).toHaveValue('https://example.test/api');
  await expect(forms.group('Headers').getByRole('textbox', { name: 'Key 1' })).toHaveValue('X-Trace');
  await expect(app.field('Body')).toHaveValue('{"hello": "world"}');
  await expect(app.field('Timeout')).toHaveValue('5');
  await expect(forms.slider('Timeout')).toHaveValue('5');
  await expect(forms.switch('Fail on HTTP error')).toBeChecked();
});

test('insert references by picker and by typing; chips follow a rename and flag a deleted step', async ({
  page,
  guards,
}) => {
  const app = new AppPage(page);
  const forms = new FormsPage(app);
  await app.goto();
  await app.newFlow('References journey');
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('HTTP request');
  const http = await app.stepId('HTTP request');
  await app.fillField('URL', 'https://example.test/api');
  await app.addStep('Log');
  const message = app.field('Message');

  // By the picker: it offers the earlier step's outputs under its title.
  await message.fill('Status ');
  await forms.pickReference('Message', 'status', /Status code/);
  // The field reads by step name; the backend stores the id (unit-tested in model/references/display).
  await expect(message).toHaveValue('Status {{HTTP request.statusCode}}');
  await expect(message).toBeFocused();
  await expect(forms.chips('Message')).toHaveCount(1);
  await expect(forms.chips('Message').first()).toContainText('HTTP request');
  await expect(forms.chips('Message').first()).toContainText('Status code');

  // By typing: `{{` opens suggestions, more letters filter them, Enter inserts.
  await message.press('End');
  await message.pressSequentially(' body {{');
  await expect(forms.suggestions).toBeVisible();
  await message.pressSequentially('bod');
  await expect(forms.suggestions.getByRole('option').first()).toContainText('Response body');
  await message.press('Enter');
  await expect(forms.suggestions).toBeHidden();
  await expect(message).toHaveValue('Status {{HTTP request.statusCode}} body {{HTTP request.body}}');
  await expect(forms.chips('Message')).toHaveCount(2);
  await expect(forms.chips('Message').nth(1)).toContainText('HTTP request');
  await expect(forms.checklistButton).toHaveText('No problems');
  await guards.checkA11y();

  // Rename the referenced step: the chips and the text follow (the stored reference is by id).
  await app.row('HTTP request').click();
  await forms.stepTitle().fill('Fetch greeting');
  await app.row('Log').click();
  await expect(forms.chips('Message').first()).toContainText('Fetch greeting');
  await expect(forms.chips('Message').nth(1)).toContainText('Fetch greeting');
  await expect(message).toHaveValue('Status {{Fetch greeting.statusCode}} body {{Fetch greeting.body}}');

  // Delete it: both chips are flagged missing, the field says why, the checklist lists the step.
  await app.row('Fetch greeting').click();
  await app.press('Delete');
  await expect(app.row('Fetch greeting')).toHaveCount(0);
  await app.row('Log').click();
  await expect(forms.chips('Message')).toHaveCount(2);
  for (const chip of await forms.chips('Message').all()) {
    await expect(chip).toHaveAttribute('data-status', 'missing');
    await expect(chip).toContainText('missing');
  }
  await expect(forms.error('Message')).toContainText('Refers to a step that no longer exists');
  // A reference to a deleted step has no name to show: the field shows what is stored.
  await expect(message).toHaveValue(`Status {{steps.${http}.statusCode}} body {{steps.${http}.body}}`);
  await expect(forms.checklistButton).toHaveText(/1 problem/);
  const checklist = await forms.openChecklist();
  const item = forms.checklistItem(checklist, 'Log');
  await expect(item).toContainText(
    `Message: Refers to a step that no longer exists ({{steps.${http}.statusCode}})`,
  );
  await guards.checkA11y();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/checklist-popover.png` });

  // Going to the step from the list puts the keyboard on the field at fault.
  await app.row('Manual trigger').click();
  await forms.openChecklist();
  await item.click();
  await expect(checklist).toBeHidden();
  await expect(message).toBeFocused();
  await expect(app.row('Log')).toHaveAttribute('aria-selected', 'true');
});

test('the checklist blocks a run until the flow is valid; then the run-inputs form is validated and the run succeeds', async ({
  page,
  guards,
}) => {
  const app = new AppPage(page);
  const forms = new FormsPage(app);
  await app.goto();
  await app.newFlow('Guarded run');
  await forms.addRunInput('who', 'Text', true);
  await forms.addRunInput('options', 'JSON', false);
  await app.list.getByTestId('step-list-add').click();
  await app.pick('Manual trigger');
  await app.addStep('HTTP request');
  const http = await app.stepId('HTTP request');
  await app.addStep('Log');
  await app.fillField('Message', `Hello {{inputs.who}}: {{steps.${http}.body.message}}`);
  await app.waitSaved();

  // The URL is missing: Run says why and shows the checklist instead of running.
  await expect(forms.runBlocked).toHaveText('1 problem blocks running');
  await expect(page.getByTestId('run')).toHaveAccessibleDescription('1 problem blocks running');
  await app.runFlow();
  await expect(forms.runBlockers).toBeVisible();
  const item = forms.checklistItem(forms.runBlockers, 'HTTP request');
  await expect(item).toContainText('URL is missing');
  await expect(app.runStatus()).toHaveCount(0);
  await guards.checkA11y();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/run-blocked.png` });
  await page.keyboard.press('Escape');
  await expect(forms.runBlockers).toBeHidden();

  // Mod+Enter goes through the same guard.
  await app.row('Log').click();
  await app.press('Control+Enter');
  await expect(forms.runBlockers).toBeVisible();
  await expect(app.runStatus()).toHaveCount(0);

  // Jump to the step: the URL field has the keyboard; type the URL there.
  await forms.checklistItem(forms.runBlockers, 'HTTP request').click();
  await expect(forms.runBlockers).toBeHidden();
  await expect(app.field('URL')).toBeFocused();
  await page.keyboard.type(`${server.url}/greeting`);
  await expect(forms.runBlocked).toHaveCount(0);
  await expect(forms.checklistButton).toHaveText('No problems');

  // Now Run asks for the run inputs, through the same form machinery: required inputs, JSON that must parse.
  await app.runFlow();
  await expect(forms.runInputsDialog).toBeVisible();
  await forms.runInput('options').fill('{"loud": tru');
  await page.getByTestId('run-with-inputs').click();
  await expect(forms.runInputError('who')).toHaveText('This field is required.');
  await expect(forms.runInputError('options')).toContainText('Not valid JSON');
  await expect(forms.runInput('who')).toBeFocused();
  await guards.checkA11y();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/run-inputs.png` });
  await forms.runInput('who').fill('Ada');
  await forms.runInput('options').fill('{"loud": true}');
  await expect(forms.runInputError('who')).toHaveCount(0);
  await page.getByTestId('run-with-inputs').click();
  await expect(forms.runInputsDialog).toBeHidden();

  await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });
  await expect(app.runStep(http)).toHaveAttribute('data-status', 'succeeded');
  expect(server.hits).toContain('GET /greeting');
});
