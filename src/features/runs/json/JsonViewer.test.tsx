// @vitest-environment jsdom
import '../../../i18n';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { JsonViewer } from './JsonViewer';

// jsdom lays nothing out: give scroll areas a height so the virtualiser has a window to fill.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 220 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 600 });
});

let writeText: ReturnType<typeof vi.fn>;
beforeEach(() => {
  writeText = vi.fn(() => Promise.resolve());
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
});
afterEach(cleanup);

const value = {
  inputs: { url: 'https://x.test' },
  outputs: { items: Array.from({ length: 250 }, (_, i) => ({ name: `n${i}`, id: i })), note: 'y'.repeat(5000) },
};

const tree = () => screen.getByRole('tree', { name: 'Step data' });
// jsdom does not scroll: move the window by hand and tell the virtualiser.
const scrollToRow = (index: number) => {
  tree().scrollTop = index * 22;
  fireEvent.scroll(tree());
};
const rowByPath = (path: string) => tree().querySelector(`[data-path='${path}']`) as HTMLElement;

describe('JsonViewer', () => {
  it('renders only a window of rows for a large expanded array', () => {
    render(<JsonViewer value={{ big: Array.from({ length: 10_000 }, (_, i) => i) }} label="Step data" hideRoot pageSize={20_000} defaultExpandDepth={2} />);
    const rows = within(tree()).getAllByRole('treeitem');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(rows[1]).toHaveAttribute('aria-setsize', '10000');
    expect(rows[0]).toHaveAttribute('aria-expanded', 'true');
  });

  it('pages big arrays: "show more" adds 100 items', () => {
    render(<JsonViewer value={value} label="Step data" hideRoot />);
    fireEvent.click(rowByPath('outputs.items'));
    // 100 items, then the more row, below the rendered window.
    expect(screen.queryByTestId('json-more')).toBeNull();
    scrollToRow(100);
    const more = screen.getAllByTestId('json-more')[0]!;
    expect(more).toHaveTextContent('Show 100 more (150 left)');
    fireEvent.click(within(more).getByRole('button'));
    scrollToRow(200);
    expect(screen.getAllByTestId('json-more')[0]).toHaveTextContent('Show 50 more (50 left)');
  });

  it('truncates long strings with "show more"', () => {
    render(<JsonViewer value={value} label="Step data" hideRoot />);
    const note = rowByPath('outputs.note');
    expect(note.textContent!.length).toBeLessThan(400);
    fireEvent.click(within(note).getByTestId('json-show-more'));
    expect(screen.getAllByTestId('json-text').length).toBeGreaterThan(0);
    expect(within(rowByPath('outputs.note')).getByTestId('json-show-more')).toHaveTextContent('show less');
  });

  it('copies a path and a value', async () => {
    render(<JsonViewer value={value} label="Step data" hideRoot />);
    fireEvent.click(rowByPath('outputs.items'));
    fireEvent.click(rowByPath('outputs.items[3]'));
    const name = rowByPath('outputs.items[3].name');
    await act(async () => fireEvent.click(within(name).getByTestId('json-copy-path')));
    expect(writeText).toHaveBeenLastCalledWith('outputs.items[3].name');
    await act(async () => fireEvent.click(within(rowByPath('outputs.items[3]')).getByTestId('json-copy-value')));
    expect(writeText).toHaveBeenLastCalledWith('{\n  "name": "n3",\n  "id": 3\n}');
    expect(screen.getByRole('status')).toHaveTextContent('Value copied');
  });

  it('fails silently without a clipboard', async () => {
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
    render(<JsonViewer value={value} label="Step data" hideRoot />);
    await act(async () => fireEvent.click(within(rowByPath('inputs.url')).getByTestId('json-copy-path')));
    expect(screen.getByRole('status')).toHaveTextContent('');
  });

  it('is keyboard operable: arrows move and expand, p copies the path', async () => {
    render(<JsonViewer value={value} label="Step data" hideRoot />);
    const t = tree();
    t.focus();
    const activeId = () => t.getAttribute('aria-activedescendant');
    const activeRow = () => document.getElementById(activeId()!)!;
    expect(activeRow()).toHaveAttribute('data-path', 'inputs');
    fireEvent.keyDown(t, { key: 'ArrowLeft' }); // collapse inputs
    expect(activeRow()).toHaveAttribute('aria-expanded', 'false');
    fireEvent.keyDown(t, { key: 'ArrowDown' }); // outputs
    fireEvent.keyDown(t, { key: 'ArrowRight' }); // already open: to first child
    expect(activeRow()).toHaveAttribute('data-path', 'outputs.items');
    fireEvent.keyDown(t, { key: 'ArrowRight' }); // expand items
    fireEvent.keyDown(t, { key: 'ArrowRight' }); // into items[0]
    fireEvent.keyDown(t, { key: 'ArrowDown' });
    expect(activeRow()).toHaveAttribute('data-path', 'outputs.items[1]');
    await act(async () => fireEvent.keyDown(t, { key: 'p' }));
    expect(writeText).toHaveBeenLastCalledWith('outputs.items[1]');
    fireEvent.keyDown(t, { key: 'ArrowLeft' }); // to parent
    expect(activeRow()).toHaveAttribute('data-path', 'outputs.items');
    expect(activeRow()).toHaveAttribute('aria-selected', 'true');
  });
});
