// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import '../i18n';
import { i18next } from '../i18n';
import detail from './model/fixtures/vflow-module-detail.json';
import { fromVflowInputs } from './model/fromVflowInputs';
import type { FieldSpec } from './model/types';
import { SchemaForm } from './SchemaForm';
import { Harness } from './test/Harness';
import { testReferenceContext } from './test/testSyntax';
import { validateParams } from './validation/validateParams';

afterEach(cleanup);

beforeAll(async () => {
  await i18next.changeLanguage('en');
  // jsdom lacks these; cmdk scrolls the active item into view.
  Element.prototype.scrollIntoView ??= function scrollIntoView() {};
});

const allKinds: FieldSpec[] = [
  { kind: 'text', key: 'name', label: { text: '名称', en: 'Name' }, description: { text: '显示名称', en: 'Shown name' }, required: true },
  { kind: 'text', key: 'notes', label: { text: 'Notes' }, multiline: true },
  { kind: 'number', key: 'timeout', label: { text: 'Timeout' }, min: 1, max: 300, step: 1, slider: true, unit: { text: '秒', en: 's' } },
  { kind: 'boolean', key: 'enabled', label: { text: 'Enabled' } },
  {
    kind: 'select',
    key: 'method',
    label: { text: 'Method' },
    options: [
      { value: 'GET', label: { text: 'GET' } },
      { value: 'POST', label: { text: 'POST' } },
    ],
  },
  {
    kind: 'select',
    key: 'tags',
    label: { text: 'Tags' },
    multiple: true,
    options: [
      { value: 'a', label: { text: 'Alpha' } },
      { value: 'b', label: { text: 'Beta' } },
    ],
  },
  { kind: 'key-value', key: 'headers', label: { text: 'Headers' } },
  { kind: 'code', key: 'script', label: { text: 'Script' }, language: 'javascript' },
  { kind: 'json', key: 'payload', label: { text: 'Payload' } },
  { kind: 'file', key: 'files', label: { text: 'Files' }, multiple: true, numberLimit: 2, transferMethods: ['remote_url', 'local_file'], valueFormat: 'dify', allowedTypes: ['image'] },
  { kind: 'object', key: 'target', label: { text: 'Target' }, fields: [{ kind: 'text', key: 'host', label: { text: 'Host' } }] },
  { kind: 'list', key: 'items', label: { text: 'Items' }, item: { kind: 'text', key: 'item', label: { text: 'Item' } } },
  { kind: 'unsupported', key: 'odd', label: { text: 'Odd' }, reason: 'unknown-type:color', raw: {} },
  { kind: 'text', key: 'secret', label: { text: 'Secret' }, hidden: true },
  { kind: 'boolean', key: 'stream', label: { text: 'Stream' }, advanced: true },
];

function last(spy: ReturnType<typeof vi.fn>): Record<string, unknown> {
  return spy.mock.calls.at(-1)?.[0] as Record<string, unknown>;
}

describe('SchemaForm widgets', () => {
  it('renders every field kind with an accessible name', () => {
    render(<Harness fields={allKinds} initial={{ odd: { x: 1 } }} />);
    expect(screen.getByRole('textbox', { name: /Name/ })).toHaveAccessibleDescription('Shown name');
    expect(screen.getByRole('textbox', { name: 'Notes' }).tagName).toBe('TEXTAREA');
    expect(screen.getByRole('spinbutton', { name: 'Timeout' })).toBeInTheDocument();
    expect(screen.getByRole('slider', { name: 'Timeout (slider)' })).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'Enabled' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Method' })).toBeInTheDocument();
    expect(within(screen.getByRole('group', { name: 'Tags' })).getAllByRole('checkbox')).toHaveLength(2);
    expect(screen.getByRole('group', { name: 'Headers' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Script' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Payload' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Files' })).toBeInTheDocument();
    expect(within(screen.getByRole('group', { name: 'Target' })).getByRole('textbox', { name: 'Host' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Items' })).toBeInTheDocument();
    expect(within(screen.getByRole('group', { name: 'Odd' })).getByRole('note')).toHaveTextContent('cannot be edited here');
    expect(screen.queryByLabelText('Secret')).toBeNull();
    // Advanced fields sit in a closed disclosure.
    expect(screen.getByText('Advanced settings').closest('details')).not.toHaveAttribute('open');
  });

  it('picks labels in the UI language', () => {
    render(<Harness fields={allKinds} language="zh" />);
    expect(screen.getByRole('textbox', { name: /名称/ })).toHaveAccessibleDescription('显示名称');
    expect(screen.getByText('秒')).toBeInTheDocument();
  });

  it('updates values as the user types, clicks and picks', async () => {
    const user = userEvent.setup();
    const onValues = vi.fn();
    render(<Harness fields={allKinds} onValues={onValues} />);
    await user.type(screen.getByRole('textbox', { name: /Name/ }), 'Hello');
    expect(last(onValues).name).toBe('Hello');
    await user.type(screen.getByRole('spinbutton', { name: 'Timeout' }), '42');
    expect(last(onValues).timeout).toBe(42);
    await user.click(screen.getByRole('switch', { name: 'Enabled' }));
    expect(last(onValues).enabled).toBe(true);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Method' }), 'POST');
    expect(last(onValues).method).toBe('POST');
    await user.click(screen.getByRole('checkbox', { name: 'Beta' }));
    await user.click(screen.getByRole('checkbox', { name: 'Alpha' }));
    expect(last(onValues).tags).toEqual(['a', 'b']);
    await user.type(within(screen.getByRole('group', { name: 'Target' })).getByRole('textbox', { name: 'Host' }), 'h');
    expect(last(onValues).target).toEqual({ host: 'h' });
    await user.type(screen.getByRole('textbox', { name: 'Script' }), 'x');
    expect(last(onValues).script).toBe('x');
  });

  it('edits key-value rows with buttons and the keyboard', async () => {
    const user = userEvent.setup();
    const onValues = vi.fn();
    render(<Harness fields={allKinds} onValues={onValues} initial={{ headers: { Accept: 'json' } }} />);
    const group = screen.getByRole('group', { name: 'Headers' });
    await user.click(within(group).getByRole('button', { name: 'Add row' }));
    await user.type(within(group).getByRole('textbox', { name: 'Key 2' }), 'X-Id');
    await user.type(within(group).getByRole('textbox', { name: 'Value 2' }), '7');
    expect(last(onValues).headers).toEqual({ Accept: 'json', 'X-Id': '7' });
    within(group).getByRole('button', { name: 'Remove row 1' }).focus();
    await user.keyboard('{Enter}');
    expect(last(onValues).headers).toEqual({ 'X-Id': '7' });
  });

  it('keeps the slider and the number input in step', async () => {
    const onValues = vi.fn();
    render(<Harness fields={allKinds} onValues={onValues} initial={{ timeout: 30 }} />);
    const slider = screen.getByRole('slider', { name: 'Timeout (slider)' });
    slider.focus();
    await userEvent.setup().keyboard('{ArrowRight}');
    // jsdom does not move range inputs with keys; drive it like the browser would.
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(slider, '31');
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(last(onValues).timeout).toBe(31);
    expect(screen.getByRole('spinbutton', { name: 'Timeout' })).toHaveValue(31);
  });

  it('parses JSON and reports invalid JSON without losing the text', async () => {
    const user = userEvent.setup();
    const onValues = vi.fn();
    render(<Harness fields={allKinds} onValues={onValues} />);
    const box = screen.getByRole('textbox', { name: 'Payload' });
    await user.type(box, '{{"a": 1}');
    expect(last(onValues).payload).toEqual({ a: 1 });
    await user.type(box, ',');
    expect(screen.getByRole('alert')).toHaveTextContent('Not valid JSON');
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(box).toHaveValue('{"a": 1},');
    expect(last(onValues).payload).toEqual({ a: 1 });
  });

  it('adds and removes list items', async () => {
    const user = userEvent.setup();
    const onValues = vi.fn();
    render(<Harness fields={allKinds} onValues={onValues} />);
    const group = screen.getByRole('group', { name: 'Items' });
    await user.click(within(group).getByRole('button', { name: 'Add item' }));
    await user.click(within(group).getByRole('button', { name: 'Add item' }));
    await user.type(within(group).getByRole('textbox', { name: 'Item 2' }), 'two');
    expect(last(onValues).items).toEqual(['', 'two']);
    await user.click(within(group).getByRole('button', { name: 'Remove item 1' }));
    expect(last(onValues).items).toEqual(['two']);
    expect(within(group).getByRole('textbox', { name: 'Item 1' })).toHaveValue('two');
  });

  it('adds files by URL and by upload, up to the limit', async () => {
    const user = userEvent.setup();
    const onValues = vi.fn();
    const uploadFile = vi.fn(async (f: File) => ({ id: 'up-1', name: f.name }));
    render(<Harness fields={allKinds} onValues={onValues} uploadFile={uploadFile} />);
    const group = screen.getByRole('group', { name: 'Files' });
    await user.type(within(group).getByLabelText('File URL'), 'https://x.io/cat.png{Enter}');
    expect(last(onValues).files).toEqual([{ type: 'image', transfer_method: 'remote_url', url: 'https://x.io/cat.png' }]);
    await user.upload(within(group).getByLabelText('Upload a file'), new File(['x'], 'dog.png', { type: 'image/png' }));
    expect(last(onValues).files).toEqual([
      { type: 'image', transfer_method: 'remote_url', url: 'https://x.io/cat.png' },
      { type: 'image', transfer_method: 'local_file', upload_file_id: 'up-1', name: 'dog.png' },
    ]);
    expect(within(group).queryByLabelText('File URL')).toBeNull();
    await user.click(within(group).getByRole('button', { name: 'Remove dog.png' }));
    expect(last(onValues).files).toHaveLength(1);
  });

  it('hands code fields to renderCode when given', () => {
    const renderCode = vi.fn((p: { id: string; language: string }) => <div data-testid="monaco" id={p.id}>{p.language}</div>);
    render(<Harness fields={allKinds} renderCode={renderCode} />);
    expect(screen.getByTestId('monaco')).toHaveTextContent('javascript');
    expect(renderCode).toHaveBeenCalledWith(expect.objectContaining({ id: 't-script', label: 'Script', required: false }));
  });
});

describe('SchemaForm errors', () => {
  const http = fromVflowInputs(detail.inputs);

  it('announces validation errors and ties them to the inputs', () => {
    const values = { url: 'ftp://nope', timeout: 0 };
    render(<SchemaForm idPrefix="s" fields={http} values={values} onChange={() => {}} errors={validateParams(http, values)} />);
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual(expect.arrayContaining(['This field is required.', 'Must be at least 1.']));
    const url = screen.getByRole('textbox', { name: /URL/ });
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(url).toHaveAccessibleDescription(/Request URL.*Enter an address that starts with http:\/\/ or https:\/\//);
    expect(url.getAttribute('aria-describedby') && document.body.textContent).not.toMatch(/\^\(https/);
  });

  it('translates messages into Chinese', async () => {
    await act(() => i18next.changeLanguage('zh'));
    try {
      render(<SchemaForm idPrefix="s" fields={http} values={{}} onChange={() => {}} errors={validateParams(http, {})} />);
      expect(screen.getAllByRole('alert')[0]).toHaveTextContent('此项为必填项。');
      expect(screen.getByRole('textbox', { name: /URL/ })).toHaveAccessibleDescription(/请求地址/);
    } finally {
      await act(() => i18next.changeLanguage('en'));
    }
  });

  it('opens the advanced section when an advanced field has an error', () => {
    render(<SchemaForm idPrefix="s" fields={allKinds} values={{}} onChange={() => {}} errors={{ stream: 'Server says no' }} />);
    expect(screen.getByText('Advanced settings').closest('details')).toHaveAttribute('open');
    expect(screen.getByRole('alert')).toHaveTextContent('Server says no');
  });
});

describe('SchemaForm references', () => {
  const refFields: FieldSpec[] = [
    { kind: 'text', key: 'url', label: { text: 'URL' }, allowReferences: true },
    { kind: 'text', key: 'body', label: { text: 'Body' }, multiline: true, allowReferences: true },
    { kind: 'number', key: 'count', label: { text: 'Count' }, allowReferences: true },
  ];

  it('inserts a picked reference at the caret and shows it as a chip by step title', async () => {
    const user = userEvent.setup();
    const onValues = vi.fn();
    render(<Harness fields={refFields} onValues={onValues} referenceContext={testReferenceContext()} />);
    const url = screen.getByRole<HTMLInputElement>('combobox', { name: 'URL' });
    await user.type(url, 'https://a.io/?q=&x=1');
    url.setSelectionRange(16, 16);
    await user.click(screen.getByRole('button', { name: 'Insert a reference into URL' }));
    const search = await screen.findByRole('combobox', { name: 'Search steps and variables' });
    await user.type(search, 'response');
    await user.click(screen.getByRole('option', { name: /Response Body/ }));
    expect(last(onValues).url).toBe('https://a.io/?q={{steps.http.body}}&x=1');
    expect(url).toHaveFocus();
    expect(url).toHaveProperty('selectionStart', 16 + '{{steps.http.body}}'.length);
    const chips = screen.getByRole('list', { name: 'References in URL' });
    expect(chips).toHaveTextContent('Fetch user');
    expect(chips).toHaveTextContent('Response Body');
    expect(chips).not.toHaveTextContent('http.body');
  });

  it('lets the picker be used from the keyboard alone', async () => {
    const user = userEvent.setup();
    const onValues = vi.fn();
    render(<Harness fields={refFields} onValues={onValues} referenceContext={testReferenceContext()} />);
    screen.getByRole('button', { name: 'Insert a reference into Body' }).focus();
    await user.keyboard('{Enter}');
    await screen.findByRole('combobox', { name: 'Search steps and variables' });
    await user.keyboard('city');
    await user.keyboard('{Enter}');
    expect(last(onValues).body).toBe('{{inputs.city}}');
  });

  it('autocompletes after the trigger with arrows and Enter', async () => {
    const user = userEvent.setup();
    const onValues = vi.fn();
    render(<Harness fields={refFields} onValues={onValues} referenceContext={testReferenceContext()} />);
    const url = screen.getByRole('combobox', { name: 'URL' });
    // `{{` types one literal `{` in user-event.
    await user.type(url, 'id={{{{');
    const listbox = screen.getByRole('listbox', { name: 'Reference suggestions' });
    expect(within(listbox).getAllByRole('option')).toHaveLength(5);
    expect(url).toHaveAttribute('aria-expanded', 'true');
    expect(url).toHaveAttribute('aria-activedescendant', 't-url-suggestion-0');
    await user.type(url, 'fetch');
    expect(within(listbox).getAllByRole('option')).toHaveLength(2);
    await user.keyboard('{ArrowDown}');
    expect(url).toHaveAttribute('aria-activedescendant', 't-url-suggestion-1');
    expect(within(listbox).getAllByRole('option')[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(last(onValues).url).toBe('id={{steps.http.statusCode}}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(url).toHaveAttribute('aria-expanded', 'false');
    // Escape closes suggestions without touching the text.
    await user.type(url, ' {{{{');
    expect(screen.getByRole('listbox')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(last(onValues).url).toBe('id={{steps.http.statusCode}} {{');
  });

  it('autocompletes in a textarea too', async () => {
    const user = userEvent.setup();
    const onValues = vi.fn();
    render(<Harness fields={refFields} onValues={onValues} referenceContext={testReferenceContext()} />);
    const body = screen.getByRole('textbox', { name: 'Body' });
    await user.type(body, 'at {{{{time');
    await user.keyboard('{Enter}');
    expect(last(onValues).body).toBe('at {{sys.current_time}}');
  });

  it('accepts a reference in a number field and keeps numbers numeric', async () => {
    const user = userEvent.setup();
    const onValues = vi.fn();
    render(<Harness fields={refFields} onValues={onValues} referenceContext={testReferenceContext()} />);
    const count = screen.getByRole('combobox', { name: 'Count' });
    await user.type(count, '12');
    expect(last(onValues).count).toBe(12);
    await user.clear(count);
    await user.type(count, '{{{{wait');
    await user.keyboard('{Enter}');
    expect(last(onValues).count).toBe('{{steps.delay.actualDuration}}');
  });

  it('shows a reference to a deleted step as a red "missing" chip', () => {
    render(
      <Harness
        fields={refFields}
        initial={{ url: '{{steps.gone.body}} and {{steps.later.body}}' }}
        referenceContext={testReferenceContext()}
      />,
    );
    const chips = within(screen.getByRole('list', { name: 'References in URL' })).getAllByRole('listitem');
    expect(chips[0]).toHaveTextContent('missing');
    expect(chips[0]).toHaveAttribute('data-status', 'missing');
    expect(chips[0]).toHaveClass('fb-ref-chip--missing');
    expect(chips[1]).toHaveTextContent('Later step');
    expect(chips[1]).toHaveAttribute('data-status', 'unavailable');
  });

  it('renders plain inputs when no reference context is given, keeping stored references visible', () => {
    render(<Harness fields={refFields} initial={{ count: '{{steps.http.statusCode}}' }} />);
    expect(screen.getByRole('textbox', { name: 'Count' })).toHaveValue('{{steps.http.statusCode}}');
    expect(screen.queryByRole('button', { name: /Insert a reference/ })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'URL' })).toBeInTheDocument();
  });
});
