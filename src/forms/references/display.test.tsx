// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import '../../i18n';
import { i18next } from '../../i18n';
import { emptyFlow, type Flow } from '../../model/flow';
import { localSyntax } from '../../model/references/dialects';
import { referenceDisplay } from '../../model/references/display';
import { step } from '../../model/testing/fixtures';
import { ReferenceInput } from './ReferenceInput';
import type { ReferenceContext } from './types';

afterEach(cleanup);
beforeAll(async () => {
  await i18next.changeLanguage('en');
  Element.prototype.scrollIntoView ??= function scrollIntoView() {};
});

function flowOf(): Flow {
  const steps = [step('step_Mo6HSLS5vu', 'action', { title: 'Log' }), step('step_x2', 'action', { title: 'Log' }), step('s3', 'action', { title: '获取 客户' })];
  return { ...emptyFlow('f', 'F'), steps: Object.fromEntries(steps.map((s) => [s.id, s])), root: steps.map((s) => s.id) };
}

function contextOf(flow: Flow): ReferenceContext {
  const display = referenceDisplay(flow, localSyntax);
  return {
    syntax: display.syntax,
    naming: display.naming,
    display,
    candidates: [
      { kind: 'step', stepId: 'step_Mo6HSLS5vu', stepTitle: 'Log', outputId: 'message', outputLabel: { text: 'Message' } },
      { kind: 'step', stepId: 'step_x2', stepTitle: 'Log (2)', outputId: 'message', outputLabel: { text: 'Message' } },
    ],
  };
}

function Field({ initial, stored }: { initial: string; stored: string[] }) {
  const [value, setValue] = useState(initial);
  return (
    <ReferenceInput
      id="f"
      label="URL"
      aria-label="URL"
      value={value}
      language="en"
      references={contextOf(flowOf())}
      onChange={(v) => {
        stored.push(v);
        setValue(v);
      }}
    />
  );
}

describe('a reference field shows step names and stores ids', () => {
  it('shows stored references by name, numbering duplicates, and keeps the rest as stored', () => {
    render(<Field initial="a {{steps.step_x2.message}} {{ steps.s3.id }} {{inputs.city}}" stored={[]} />);
    expect(screen.getByRole('combobox', { name: 'URL' })).toHaveValue('a {{Log (2).message}} {{获取 客户.id}} {{inputs.city}}');
    expect(screen.getByRole('list', { name: 'References in URL' })).toHaveTextContent('Log (2)');
  });

  it('stores a typed name as the id and keeps untouched references byte for byte', async () => {
    const user = userEvent.setup();
    const stored: string[] = [];
    render(<Field initial="{{ steps.s3.id }}" stored={stored} />);
    const input = screen.getByRole('combobox', { name: 'URL' });
    await user.click(input);
    await user.keyboard('{End}');
    // `{{` types one literal `{` in user-event.
    await user.keyboard(' {{{{Log.message}}');
    expect(stored.at(-1)).toBe('{{ steps.s3.id }} {{steps.step_Mo6HSLS5vu.message}}');
    expect(input).toHaveValue('{{获取 客户.id}} {{Log.message}}');
  });

  it('picker groups are told apart and insert by name', async () => {
    const user = userEvent.setup();
    const stored: string[] = [];
    render(<Field initial="" stored={stored} />);
    await user.click(screen.getByRole('button', { name: 'Insert a reference into URL' }));
    await screen.findByRole('combobox', { name: 'Search steps and variables' });
    expect([...document.querySelectorAll('[cmdk-group-heading]')].map((h) => h.textContent)).toEqual(['Log', 'Log (2)']);
    await user.click(screen.getAllByRole('option', { name: /Message/ })[1]!);
    expect(stored.at(-1)).toBe('{{steps.step_x2.message}}');
    expect(screen.getByRole('combobox', { name: 'URL' })).toHaveValue('{{Log (2).message}}');
  });
});
