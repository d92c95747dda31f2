/**
 * Page object for step settings forms (schema-generated widgets, validation messages, references) and the
 * flow checklist. Editor actions (adding steps, rows, runs) stay in AppPage.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { AppPage } from './app-page';

export class FormsPage {
  readonly page: Page;

  constructor(readonly app: AppPage) {
    this.page = app.page;
  }

  // ---- widgets of the focused step's form

  /** The field's wrapper (label, control, description, error), found from its control. */
  fieldBox(label: string): Locator {
    // `has` is matched inside each box, so the inner locator must not start from the inspector again.
    return this.app.inspector
      .locator('.fb-field')
      .filter({ has: this.page.getByLabel(labelPattern(label)) })
      .last();
  }

  /** The inline error under a field. */
  error(label: string): Locator {
    return this.fieldBox(label).locator('.fb-field__error');
  }

  /** A group field (key-value editor, list) by its legend. */
  group(label: string): Locator {
    return this.app.inspector.getByRole('group', { name: new RegExp(`^${escape(label)}`) });
  }

  async addKeyValue(label: string, key: string, value: string): Promise<void> {
    const group = this.group(label);
    await group.getByRole('button', { name: 'Add row' }).click();
    const n = await group.getByRole('textbox', { name: /^Key \d+$/ }).count();
    await group.getByRole('textbox', { name: `Key ${n}` }).fill(key);
    await group
      .getByRole('combobox', { name: `Value ${n}` })
      .or(group.getByRole('textbox', { name: `Value ${n}` }))
      .fill(value);
  }

  slider(label: string): Locator {
    return this.app.inspector.getByRole('slider', { name: `${label} (slider)` });
  }

  switch(label: string): Locator {
    return this.app.inspector.getByRole('switch', { name: label });
  }

  stepTitle(): Locator {
    return this.page.getByTestId('step-title');
  }

  // ---- references

  /** Opens the reference picker next to a field, searches and picks the item whose label matches. */
  async pickReference(fieldLabel: string, search: string, item: string | RegExp): Promise<void> {
    await this.app.inspector.getByRole('button', { name: `Insert a reference into ${fieldLabel}` }).click();
    const picker = this.page.getByRole('dialog', { name: `Insert a reference into ${fieldLabel}` });
    await picker.getByRole('combobox').fill(search);
    await picker.getByRole('option', { name: item }).first().click();
    await expect(picker).toBeHidden();
  }

  /** The `{{` autocomplete list under the field being typed in. */
  get suggestions(): Locator {
    return this.page.getByRole('listbox', { name: 'Reference suggestions' });
  }

  /** The chips under a field, one per reference in its value. */
  chips(fieldLabel: string): Locator {
    return this.app.inspector
      .getByRole('list', { name: `References in ${fieldLabel}` })
      .getByRole('listitem');
  }

  // ---- checklist

  get checklistButton(): Locator {
    return this.page.getByTestId('checklist-button');
  }

  get checklist(): Locator {
    return this.page.getByRole('dialog', { name: 'Checklist' });
  }

  async openChecklist(): Promise<Locator> {
    await this.checklistButton.click();
    await expect(this.checklist).toBeVisible();
    return this.checklist;
  }

  /** A step's entry in an open checklist (toolbar popover or the run guard's). */
  checklistItem(scope: Locator, title: string): Locator {
    return scope
      .getByTestId('checklist-item')
      .filter({ has: this.page.locator('.fb-checklist__title', { hasText: title }) });
  }

  /** The note next to Run while problems block running. */
  get runBlocked(): Locator {
    return this.page.getByTestId('run-blocked');
  }

  /** What Run (or Mod+Enter) shows instead of running. */
  get runBlockers(): Locator {
    return this.page.getByRole('dialog', { name: 'Fix these before running' });
  }

  // ---- run inputs

  get runInputsDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Run inputs' });
  }

  runInput(label: string): Locator {
    return this.runInputsDialog.getByLabel(labelPattern(label));
  }

  runInputError(label: string): Locator {
    return this.runInputsDialog
      .locator('.fb-field')
      .filter({ has: this.page.getByLabel(labelPattern(label)) })
      .locator('.fb-field__error');
  }

  /** Adds a run input in the flow settings (shown while no step is selected). */
  async addRunInput(
    name: string,
    type: 'Text' | 'Number' | 'Yes/no' | 'JSON',
    required: boolean,
  ): Promise<void> {
    await this.page.getByTestId('add-run-input').click();
    const row = this.page.getByTestId('run-input-def').last();
    await row.getByRole('textbox', { name: 'Input name' }).fill(name);
    await row.getByRole('combobox', { name: 'Input type' }).selectOption({ label: type });
    if (required) await row.getByRole('checkbox', { name: 'Required' }).check();
  }
}

/** A form label, with the "*" / "(required)" marks a required field adds. */
function labelPattern(label: string): RegExp {
  return new RegExp(`^${escape(label)}(\\s*\\*)?( \\(required\\))?$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
