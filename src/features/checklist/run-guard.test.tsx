// @vitest-environment jsdom
import '../../i18n';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setParam } from '../../model';
import { memoryAdapter } from '../runs/testing/memory-adapter';
import { renderRunPanel } from '../runs/testing/render-panel';
import { scriptedRun } from '../runs/testing/scripted-run';

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 400 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 800 });
});
afterEach(cleanup);

describe('the run guard', () => {
  it('shows the checklist instead of running while the flow has errors, by button and by Mod+Enter', async () => {
    const user = userEvent.setup();
    const adapter = memoryAdapter([scriptedRun({ runId: 'ok' }).events]);
    const startRun = vi.spyOn(adapter, 'startRun');
    const { store } = renderRunPanel(adapter);
    act(() => store.getState().edit('break', (f) => setParam(f, 'each', 'text', 'Hi {{steps.gone.name}}')));

    expect(await screen.findByTestId('run-blocked')).toHaveTextContent('1 problem blocks running');
    const run = screen.getByTestId('run');
    expect(run).toHaveAccessibleDescription('1 problem blocks running');
    await user.click(run);
    const blockers = await screen.findByRole('dialog', { name: 'Fix these before running' });
    const item = within(blockers).getByTestId('checklist-item');
    expect(item).toHaveTextContent('Greet user');
    expect(item).toHaveTextContent('Uses the output of a step that no longer exists.');
    expect(startRun).not.toHaveBeenCalled();

    await user.click(item);
    expect(store.getState().focused).toBe('each');
    expect(store.getState().revealStep).toBe('each');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // The shortcut goes through the same guard.
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByRole('dialog', { name: 'Fix these before running' })).toBeInTheDocument();
    expect(startRun).not.toHaveBeenCalled();
    await user.keyboard('{Escape}');

    act(() => store.getState().edit('fix', (f) => setParam(f, 'each', 'text', 'Hi')));
    await waitFor(() => expect(screen.queryByTestId('run-blocked')).toBeNull());
    await user.click(screen.getByTestId('run'));
    await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent('Succeeded'));
    expect(startRun).toHaveBeenCalledTimes(1);
  });
});
