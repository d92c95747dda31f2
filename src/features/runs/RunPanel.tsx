/**
 * The run panel: run the flow (with its run-inputs form), cancel, and debug the run on screen in tabs:
 * live step states, step details, timeline, logs, history and comparison, with replay over any finished run.
 * What the canvas and the list draw is `store.run`; run-view.ts decides which run that is (live, past, replay).
 */
import * as Popover from '@radix-ui/react-popover';
import * as Tabs from '@radix-ui/react-tabs';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { useBackend } from '../../shell/backend-context';
import { noticeStore } from '../../shell/notices';
import { useCommands, useEditor, useEditorStore } from '../../editor/context';
import { queryKeys } from '../../queries/keys';
import { ChecklistList } from '../checklist/ChecklistList';
import { jumpToStep } from '../checklist/jump';
import { useChecklist } from '../checklist/useChecklist';
import '../checklist/checklist.css';
import { CompareTab } from './CompareTab';
import { DetailsTab } from './DetailsTab';
import { HistoryTab } from './HistoryTab';
import { guardEditorKeys } from './key-guard';
import { LogsTab } from './LogsTab';
import { ConnectionLostBanner } from './ConnectionLostBanner';
import { lostRunOf, reconnectRun, useLostRun } from './connection-lost';
import { PastRunBanner } from './PastRunBanner';
import { ReplayBar } from './ReplayBar';
import { DebugBar } from '../debugger/DebugBar';
import { startEditorRun, type RunControl } from './run-controller';
import { runViewOf, shownRunEvents, startReplay, useRunView, type RunTab } from './run-view';
import { RunInputsDialog } from './RunInputsDialog';
import { PrivateTargetsDialog } from './PrivateTargetsDialog';
import { allowPrivateTargets, targetsToConfirm, type PrivateTarget } from '../../shell/imported-flows';
import { StepsTab } from './StepsTab';
import { TimelineTab } from './TimelineTab';
import { formatDuration } from './format';
import './runs.css';
import { errorText } from '../../shell/error-text';

const TABS: Array<{ id: RunTab; Body: () => React.ReactNode }> = [
  { id: 'steps', Body: StepsTab },
  { id: 'details', Body: DetailsTab },
  { id: 'timeline', Body: TimelineTab },
  { id: 'logs', Body: LogsTab },
  { id: 'history', Body: HistoryTab },
  { id: 'compare', Body: CompareTab },
];

export function RunPanel() {
  const { t } = useTranslation('runs');
  const { t: tl } = useTranslation('runs-connection');
  const { t: tc } = useTranslation('checklist');
  const adapter = useBackend();
  const store = useEditorStore();
  const { services } = useCommands();
  const queryClient = useQueryClient();
  const shown = useEditor((s) => s.run);
  // During a replay `store.run` is the state at the scrubber's position (steps "running" mid-way): the bar
  // reports the recorded run's outcome instead, and the replay bar says where in it we are.
  const recorded = useRunView((s) => (s.replay ? (s.past?.state ?? s.live) : null));
  const run = recorded ?? shown;
  const inputs = useEditor((s) => s.flow.inputs);
  const tab = useRunView((s) => s.tab);
  const collapsed = useRunView((s) => s.collapsed);
  const liveStatus = useRunView((s) => s.live?.status);
  // A run whose trace broke off is not "running" here any more (Run works again), though it may be there.
  const lost = useLostRun();
  const canReplay = useRunView((s) => s.replay === null && shownRunEvents(s) !== null);
  const [askInputs, setAskInputs] = useState(false);
  const control = useRef<RunControl | null>(null);
  const view = runViewOf(store);
  // Running waits for a valid flow: while the checklist has errors, Run (and Mod+Enter) show it instead.
  const checklist = useChecklist();
  const [showBlockers, setShowBlockers] = useState(false);
  const jumped = useRef(false);
  const blockedNoteId = useId();
  const blockersHeadingId = useId();
  const blockersSummaryId = useId();

  const refreshRuns = () => void queryClient.invalidateQueries({ queryKey: queryKeys.runs(adapter.id, store.getState().flow.id) });
  const start = async (values: Record<string, unknown>) => {
    // Some backends run the stored flow, not the document sent along: save pending edits first.
    if (adapter.capabilities.runNeedsSavedFlow && store.getState().dirty) {
      await services.save?.();
      if (store.getState().dirty) {
        noticeStore.getState().push({ key: 'connections:errors.runNotSaved', tone: 'error' });
        return;
      }
    }
    try {
      control.current = startEditorRun(adapter, store, values, {
        onFinished: refreshRuns,
        onError: (e) => noticeStore.getState().push({ key: 'runs:errors.startFailed', values: { message: errorText(e) }, tone: 'error' }),
      });
    } catch (e) {
      noticeStore.getState().push({ key: 'runs:errors.startFailed', values: { message: errorText(e) }, tone: 'error' });
    }
  };
  const proceed = () => {
    // A backend with its own run form (file inputs, image upload) is always asked: its form may have fields
    // that `flow.inputs` does not list.
    if (inputs.length > 0 || adapter.runInputSchema) setAskInputs(true);
    else void start({});
  };
  // An imported flow asks once before it reaches this machine or its private network (imported-flows.ts).
  const [privateTargets, setPrivateTargets] = useState<PrivateTarget[] | null>(null);
  const requestRun = () => {
    if (checklist.current().hasBlocking) return setShowBlockers(true);
    setShowBlockers(false);
    const targets = targetsToConfirm(adapter.id, store.getState().flow);
    if (targets.length > 0) return setPrivateTargets(targets);
    proceed();
  };
  const allowPrivate = () => {
    allowPrivateTargets(adapter.id, store.getState().flow.id);
    setPrivateTargets(null);
    proceed();
  };

  // Register with the command funnel so Mod+Enter / Mod+. and the palette reach this panel. In an effect, and
  // removed only if still ours: StrictMode mounts twice, and a registration made during render would be deleted
  // by the first unmount and never made again (Mod+Enter did nothing, the palette greyed "Run flow" out).
  const requestRunRef = useRef(requestRun);
  requestRunRef.current = requestRun;
  useEffect(() => {
    const run = () => requestRunRef.current();
    const cancelRun = () => control.current?.cancel();
    const runActive = () => {
      const status = view.getState().live?.status;
      return (status === 'running' || status === 'queued') && !lostRunOf(store).getState().lost;
    };
    Object.assign(services, { run, cancelRun, runActive });
    return () => {
      if (services.run === run) delete services.run;
      if (services.cancelRun === cancelRun) delete services.cancelRun;
      if (services.runActive === runActive) delete services.runActive;
    };
  }, [services, view, store]);

  // Until there is a run on screen, the tabs that show one stay a line high (History and Compare need room).
  const idle = !shown && (tab === 'steps' || tab === 'details' || tab === 'timeline' || tab === 'logs');
  // The live run decides whether run/cancel are possible, whichever run is on screen.
  const running = (liveStatus === 'running' || liveStatus === 'queued') && !lost;
  const cancel = () => {
    control.current?.cancel();
    // Cancelled while the trace was broken off: read it back to show how it ended.
    if (lost) void reconnectRun(store, adapter, { follow: true, onFinished: refreshRuns });
  };
  const lostShown = lost !== null && run?.runId === lost.runId;
  return (
    <section className={`fb-run-panel fb-runs${collapsed ? ' fb-runs-collapsed' : ''}${idle ? ' fb-runs-idle' : ''}`} aria-label={t('title')} onKeyDown={guardEditorKeys} data-testid="run-panel">
      <div className="fb-run-bar">
        <Popover.Root open={showBlockers} onOpenChange={setShowBlockers}>
          <Popover.Anchor asChild>
            <button
              className="fb-button fb-primary"
              onClick={requestRun}
              disabled={running || !adapter.capabilities.run}
              aria-describedby={checklist.hasBlocking ? blockedNoteId : undefined}
              aria-haspopup="dialog"
              aria-expanded={showBlockers}
              data-blocked={checklist.hasBlocking}
              data-testid="run"
            >
              ▶ {t('run')}
            </button>
          </Popover.Anchor>
          <Popover.Portal>
            <Popover.Content
              className="fb-checklist-popover"
              side="top"
              align="start"
              sideOffset={6}
              aria-labelledby={blockersHeadingId}
              aria-describedby={blockersSummaryId}
              data-testid="run-blockers"
              onCloseAutoFocus={(e) => {
                if (jumped.current) {
                  jumped.current = false;
                  e.preventDefault();
                }
              }}
            >
              <h2 id={blockersHeadingId} className="fb-checklist__heading">
                {tc('run.dialog')}
              </h2>
              <ChecklistList
                checklist={checklist}
                pending={checklist.pending}
                summaryId={blockersSummaryId}
                onJump={(item, path) => {
                  if (item.stepId === null) return;
                  jumped.current = true;
                  setShowBlockers(false);
                  jumpToStep(store, item.stepId, path);
                }}
              />
            </Popover.Content>
          </Popover.Portal>
        </Popover.Root>
        {checklist.hasBlocking && (
          <button type="button" id={blockedNoteId} className="fb-icon-button fb-run-blocked" onClick={() => setShowBlockers(true)} data-testid="run-blocked">
            {tc('run.blocked', { count: checklist.errorCount })}
          </button>
        )}
        <button className="fb-button" onClick={cancel} disabled={!running && !(lost && control.current)} data-testid="cancel-run">
          ■ {t('cancel')}
        </button>
        {run && (
          <span className={`fb-run-status fb-status-${lostShown ? 'lost' : run.status}`} role="status" data-testid="run-status">
            {lostShown ? tl('status') : t(`status.${run.status}`)}
            {run.durationMs !== null && ` · ${formatDuration(run.durationMs)}`}
          </span>
        )}
        {run?.error && (
          <span className="fb-run-error" title={run.error.message} data-testid="run-error">
            {run.error.message}
          </span>
        )}
        <span className="fb-spacer" />
        <button className="fb-button" onClick={() => startReplay(store)} disabled={!canReplay} data-testid="replay-start">
          {t('replay.start')}
        </button>
        <button
          className="fb-button"
          onClick={() => view.setState({ collapsed: !collapsed })}
          aria-expanded={!collapsed}
          aria-controls="fb-run-tabs"
          data-testid="run-panel-toggle"
        >
          {collapsed ? t('panel.expand') : t('panel.collapse')}
        </button>
      </div>
      <ConnectionLostBanner onFinished={refreshRuns} />
      <PastRunBanner />
      <ReplayBar />
      <DebugBar />
      {!collapsed && (
        <Tabs.Root id="fb-run-tabs" className="fb-runs-tabs" value={tab} onValueChange={(v) => view.setState({ tab: v as RunTab })}>
          <Tabs.List className="fb-runs-tablist" aria-label={t('panel.tabs')}>
            {TABS.map(({ id }) => (
              <Tabs.Trigger key={id} value={id} className="fb-runs-tab" data-testid={`runs-tab-${id}`}>
                {t(`tabs.${id}`)}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          {TABS.map(({ id, Body }) => (
            <Tabs.Content key={id} value={id} className="fb-runs-tabpanel">
              <Body />
            </Tabs.Content>
          ))}
        </Tabs.Root>
      )}
      <PrivateTargetsDialog targets={privateTargets} onAllow={allowPrivate} onCancel={() => setPrivateTargets(null)} />
      <RunInputsDialog open={askInputs} onOpenChange={setAskInputs} onSubmit={(v) => (setAskInputs(false), void start(v))} />
    </section>
  );
}
