// @vitest-environment jsdom
import '../../i18n';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { noticeStore } from '../../shell/notices';
import { memoryAdapter } from './testing/memory-adapter';
import { renderRunPanel } from './testing/render-panel';
import { scriptedRun } from './testing/scripted-run';

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 400 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 800 });
});
afterEach(() => {
  cleanup();
  noticeStore.setState({ notices: [] });
});

/** A backend that runs the stored flow (`runNeedsSavedFlow`), recording the order of saves and starts. */
function storedFlowBackend(order: string[]) {
  const base = memoryAdapter([scriptedRun({ runId: 'r1' }).events]);
  const adapter = Object.assign(base, { capabilities: { ...base.capabilities, runNeedsSavedFlow: true } });
  const start = adapter.startRun!.bind(adapter);
  adapter.startRun = async (req, signal) => {
    order.push('start');
    return start(req, signal);
  };
  return adapter;
}

describe('running on a backend that runs the stored flow', () => {
  it('saves pending edits before the run starts', async () => {
    const order: string[] = [];
    const { store, services } = renderRunPanel(storedFlowBackend(order));
    services.save = vi.fn(async () => {
      order.push('save');
      store.getState().markSaved('rev-2', store.getState().changeCounter);
    });
    store.getState().edit('test', (f) => ({ ...f, name: 'Edited' }));
    expect(store.getState().dirty).toBe(true);
    await userEvent.setup().click(screen.getByTestId('run'));
    await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent(/Succeeded/));
    expect(order).toEqual(['save', 'start']);
  });

  it('does not run an old copy when saving fails: the edit stays and the user is told', async () => {
    const order: string[] = [];
    const { store, services } = renderRunPanel(storedFlowBackend(order));
    services.save = vi.fn(async () => {
      order.push('save');
    });
    store.getState().edit('test', (f) => ({ ...f, name: 'Edited' }));
    await userEvent.setup().click(screen.getByTestId('run'));
    await waitFor(() =>
      expect(noticeStore.getState().notices.map((n) => n.key)).toContain('connections:errors.runNotSaved'),
    );
    expect(order).toEqual(['save']);
    expect(store.getState().flow.name).toBe('Edited');
  });

  it('does not save first on a backend that runs the editor document', async () => {
    const { services } = renderRunPanel(memoryAdapter([scriptedRun({ runId: 'r1' }).events]));
    services.save = vi.fn(async () => undefined);
    await userEvent.setup().click(screen.getByTestId('run'));
    await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent(/Succeeded/));
    expect(services.save).not.toHaveBeenCalled();
  });
});
