// @vitest-environment jsdom
import '../../i18n';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runStateFrom } from '../../backends/run-state';
import { runViewOf } from './run-view';
import { memoryAdapter } from './testing/memory-adapter';
import { renderRunPanel } from './testing/render-panel';
import { scriptedFlow, scriptedRun } from './testing/scripted-run';

beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 400 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 800 });
  Element.prototype.scrollTo = function scrollTo(this: Element, opts?: ScrollToOptions | number) {
    if (typeof opts === 'object' && opts.top !== undefined) this.scrollTop = opts.top;
  } as Element['scrollTo'];
});
afterEach(cleanup);

const T0 = 1_700_000_000_000;
const okRun = () => scriptedRun({ runId: 'ok', start: T0 }).events;
const failedRun = () => scriptedRun({ runId: 'bad', fail: true, start: T0 + 60_000, loopCount: 2 }).events;

async function runToEnd(user: ReturnType<typeof userEvent.setup>, status: RegExp) {
  await user.click(screen.getByTestId('run'));
  await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent(status));
}

describe('RunPanel', () => {
  it('shows live step states with a ticking elapsed time for the running step', async () => {
    const user = userEvent.setup();
    const adapter = memoryAdapter([okRun()], { holdAt: 4 }); // fetch started, waits
    renderRunPanel(adapter);
    await user.click(screen.getByTestId('run'));
    await waitFor(() => expect(screen.getAllByTestId('run-step')).toHaveLength(2));
    const fetch = screen.getAllByTestId('run-step').find((el) => el.dataset.stepId === 'fetch')!;
    expect(fetch).toHaveAttribute('data-status', 'running');
    expect(within(fetch).getByTestId('run-step-elapsed')).toHaveTextContent(/so far/);
    expect(screen.getByTestId('cancel-run')).toBeEnabled();
    act(() => adapter.release());
    await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent('Succeeded'));
    expect(screen.getAllByTestId('run-step').map((el) => el.dataset.status)).toEqual(Array(7).fill('succeeded'));
  });

  it('names an untitled step by its module in the Steps tab', async () => {
    const user = userEvent.setup();
    const mod = (kind: 'trigger' | 'action' | 'loop' | 'if', en: string) => ({
      id: `core.${kind}`, kind, category: 'core', name: { text: en, en }, inputSchema: { source: 'json-schema' as const, schema: {} }, outputs: [],
    });
    const modules = [mod('trigger', 'Core trigger'), mod('action', 'Core action'), mod('loop', 'Core loop'), mod('if', 'Core if')];
    const adapter = { ...memoryAdapter([okRun()]), listModules: async () => modules };
    const flow = scriptedFlow();
    flow.steps.fetch = { ...flow.steps.fetch!, title: '' };
    renderRunPanel(adapter as ReturnType<typeof memoryAdapter>, { flow });
    await runToEnd(user, /Succeeded/);
    const fetch = screen.getAllByTestId('run-step').find((el) => el.dataset.stepId === 'fetch')!;
    await waitFor(() => expect(fetch).toHaveTextContent('Core action'));
  });

  it('filters logs by level and step, and a line selects its step', async () => {
    const user = userEvent.setup();
    const { store } = renderRunPanel(memoryAdapter([failedRun()]));
    await runToEnd(user, /Failed/);
    await user.click(screen.getByTestId('runs-tab-logs'));
    const lines = () => screen.queryAllByTestId('log-line').map((el) => `${el.dataset.level}:${el.dataset.stepId}`);
    expect(lines()).toEqual(['info:fetch', 'debug:each', 'warn:each', 'error:save']);
    await user.click(screen.getByTestId('logs-level-debug'));
    expect(lines()).toEqual(['info:fetch', 'warn:each', 'error:save']);
    await user.selectOptions(screen.getByTestId('logs-step-filter'), 'each');
    expect(lines()).toEqual(['warn:each']);
    await user.click(screen.getByTestId('logs-level-debug'));
    expect(lines()).toEqual(['debug:each', 'warn:each']);
    await user.click(screen.getAllByTestId('log-line')[1]!);
    expect(store.getState().focused).toBe('each');
    expect(store.getState().revealStep).toBe('each');
    expect(runViewOf(store).getState().detail).toEqual({ stepId: 'each', key: '1' });
  });

  it('a failed run lands on the failed step’s details, per iteration for loops', async () => {
    const user = userEvent.setup();
    const { store } = renderRunPanel(memoryAdapter([failedRun()]));
    await runToEnd(user, /Failed/);
    const save = screen.getAllByTestId('run-step').find((el) => el.dataset.stepId === 'save')!;
    expect(save).toHaveAttribute('aria-selected', 'true');
    expect(save).toHaveTextContent('disk full');
    await user.click(screen.getByTestId('runs-tab-details'));
    expect(screen.getByTestId('run-details')).toHaveAttribute('data-step-id', 'save');
    expect(screen.getByTestId('run-details-error')).toHaveTextContent('disk full');
    act(() => store.getState().select(['each'], 'each'));
    expect(screen.getByTestId('run-details')).toHaveAttribute('data-iteration', '1');
    fireEvent.change(screen.getByTestId('run-details-iteration'), { target: { value: '1' } });
    expect(screen.getByTestId('run-details')).toHaveAttribute('data-iteration', '0');
    expect(screen.getByRole('tree', { name: 'Inputs and outputs of Greet user' })).toBeInTheDocument();
  });

  it('opens a past run from history exactly as it ended, and goes back to the live one', async () => {
    const user = userEvent.setup();
    const past = failedRun();
    const { store } = renderRunPanel(memoryAdapter([okRun()], { stored: [past] }));
    await runToEnd(user, /Succeeded/);
    await user.click(screen.getByTestId('runs-tab-history'));
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(2));
    const row = screen.getAllByTestId('history-row').find((el) => el.dataset.runId === 'bad')!;
    expect(row).toHaveTextContent('Failed');
    expect(row).toHaveTextContent('v1');
    await user.click(within(row).getByTestId('history-open'));
    await waitFor(() => expect(screen.getByTestId('viewing-past-run')).toBeInTheDocument());
    expect(store.getState().run).toEqual(runStateFrom(past));
    expect(screen.getByTestId('run-status')).toHaveTextContent('Failed');
    await user.click(screen.getByTestId('back-to-live'));
    expect(store.getState().run?.runId).toBe('ok');
    expect(screen.queryByTestId('viewing-past-run')).toBeNull();
    // Filter by status, then delete.
    await user.selectOptions(screen.getByTestId('history-status-filter'), 'failed');
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(1));
    await user.click(screen.getByTestId('history-delete'));
    await user.click(screen.getByTestId('history-delete'));
    await waitFor(() => expect(screen.getByText('No runs yet.')).toBeInTheDocument());
  });

  it('replays the run: the scrubber sets store.run to the state after k events', async () => {
    const user = userEvent.setup();
    const events = okRun();
    const { store } = renderRunPanel(memoryAdapter([events]));
    await runToEnd(user, /Succeeded/);
    await user.click(screen.getByTestId('replay-start'));
    const scrubber = screen.getByRole('slider', { name: 'Replay position' });
    expect(screen.getByTestId('replay-label')).toHaveTextContent('Before the first event');
    fireEvent.change(scrubber, { target: { value: '6' } });
    expect(store.getState().run).toEqual(runStateFrom(events.slice(0, 6)));
    expect(screen.getByTestId('replay-label')).toHaveTextContent('Fetch users finished: Succeeded');
    await user.click(screen.getByTestId('replay-back'));
    expect(store.getState().run).toEqual(runStateFrom(events.slice(0, 5)));
    expect(screen.getByTestId('replay-position')).toHaveTextContent(`5 / ${events.length}`);
    await user.click(screen.getByTestId('replay-exit'));
    expect(store.getState().run).toEqual(runStateFrom(events));
  });

  it('compares a failed and a succeeded run step by step', async () => {
    const user = userEvent.setup();
    const ok = okRun();
    const bad = scriptedRun({ runId: 'bad', fail: true, start: T0 + 60_000, fetched: { users: [], total: 0 } }).events;
    renderRunPanel(memoryAdapter([], { stored: [ok, bad] }));
    await user.click(screen.getByTestId('runs-tab-history'));
    await waitFor(() => expect(screen.getAllByTestId('history-compare')).toHaveLength(2));
    for (const box of screen.getAllByTestId('history-compare')) await user.click(box);
    await user.click(screen.getByTestId('history-compare-open'));
    await waitFor(() => expect(screen.getByTestId('compare-table')).toBeInTheDocument());
    const row = (id: string) => screen.getAllByTestId('compare-row').find((el) => el.dataset.stepId === id)!;
    expect(screen.getByTestId('compare-run-row')).toHaveTextContent(/Failed.*Succeeded/);
    expect(row('save')).toHaveAttribute('data-differs', 'true');
    expect(row('save')).toHaveTextContent(/Failed.*Succeeded/);
    expect(within(row('fetch')).getAllByTestId('compare-diff').map((el) => el.dataset.path)).toContain('outputs.total');
    expect(row('start')).toHaveAttribute('data-differs', 'false');
    await user.click(screen.getByTestId('compare-only-diff'));
    expect(screen.queryAllByTestId('compare-row').some((el) => el.dataset.stepId === 'start')).toBe(false);
  });

  it('keys pressed in the panel never delete or copy the flow’s steps', async () => {
    const user = userEvent.setup();
    const { store } = renderRunPanel(memoryAdapter([okRun()]));
    await runToEnd(user, /Succeeded/);
    act(() => store.getState().select(['fetch'], 'fetch'));
    screen.getByTestId('run-steps').focus();
    await user.keyboard('{Delete}{Backspace}');
    expect(store.getState().flow.steps.fetch).toBeDefined();
  });

  it('replay shows the recorded time of a running step, not the time since the run, and never says Running', async () => {
    const user = userEvent.setup();
    const events = okRun(); // recorded in 2023: time since then would read as millions of minutes
    renderRunPanel(memoryAdapter([events]));
    await runToEnd(user, /Succeeded/);
    await user.click(screen.getByTestId('replay-start'));
    // After "fetch started" and its log line: fetch is running at that moment, for 0 ms so far.
    fireEvent.change(screen.getByRole('slider', { name: 'Replay position' }), { target: { value: '5' } });
    const fetch = screen.getAllByTestId('run-step').find((el) => el.dataset.stepId === 'fetch')!;
    expect(fetch).toHaveAttribute('data-status', 'running');
    expect(within(fetch).getByTestId('run-step-elapsed')).toHaveTextContent('0 ms so far');
    expect(screen.getByTestId('run-status')).toHaveTextContent(/Succeeded/);
    expect(screen.getByTestId('run-status')).not.toHaveTextContent(/Running/);
    // One step further (fetch finished after 40 ms): its recorded duration.
    fireEvent.change(screen.getByRole('slider', { name: 'Replay position' }), { target: { value: '6' } });
    expect(within(screen.getAllByTestId('run-step').find((el) => el.dataset.stepId === 'fetch')!).getByTestId('run-step-duration')).toHaveTextContent('40 ms');
  });

  it('Mod+Enter and the palette reach the panel in StrictMode, and still run during a replay', async () => {
    const user = userEvent.setup();
    const { services } = renderRunPanel(memoryAdapter([okRun(), okRun()]), { strict: true });
    // StrictMode mounts, cleans up and mounts again: the registration must survive that.
    expect(services.run).toBeTypeOf('function');
    document.body.focus();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent(/Succeeded/));
    await user.click(screen.getByTestId('replay-start'));
    fireEvent.change(screen.getByRole('slider', { name: 'Replay position' }), { target: { value: '5' } });
    // The position on screen reads "running", but nothing runs: running again is allowed.
    expect(services.runActive?.()).toBe(false);
    document.body.focus();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(screen.queryByTestId('replay-bar')).toBeNull());
    await waitFor(() => expect(screen.getByTestId('run-status')).toHaveTextContent(/Succeeded/));
  });
});
