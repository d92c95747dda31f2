/**
 * The run panel's debugger bar: where the live run is paused (with the step's resolved inputs, editable for
 * this run), the step commands, a pending partial run, what a partial run on screen reused, and the watches.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor, useEditorStore } from '../../editor/context';
import { formatShortcut } from '../../editor/commands/keys';
import { useBackend } from '../../shell/backend-context';
import type { DebugCommandType } from '../../backends/debug';
import { useRunView, showingLive } from '../runs/run-view';
import { useStepLabels } from '../runs/use-step-labels';
import { useDebugger, useDebuggerStore } from './debugger-store';
import { samePoint, sendDebugCommand } from './session';
import { WatchPanel } from './WatchPanel';
import { localSyntax } from '../../model/references/dialects';
import './debugger.css';

const CONTROLS: Array<{ type: DebugCommandType; key: string; icon: string }> = [
  { type: 'continue', key: 'F5', icon: '▶' },
  { type: 'stepOver', key: 'F10', icon: '↷' },
  { type: 'stepInto', key: 'F11', icon: '↓' },
  { type: 'stepOut', key: 'Shift+F11', icon: '↑' },
  { type: 'stop', key: 'Shift+F5', icon: '■' },
];

export function DebugBar() {
  const { t } = useTranslation('debugger');
  const editor = useEditorStore();
  const dbg = useDebuggerStore();
  const adapter = useBackend();
  const labels = useStepLabels();
  const paused = useRunView((s) => (showingLive(s) && s.live && s.live.status === 'running' ? s.live.paused : undefined));
  const session = useDebugger((s) => s.session);
  const pending = useDebugger((s) => s.pendingPartial);
  const draft = useDebugger((s) => s.inputsDraft);
  const watches = useDebugger((s) => s.watches.length);
  // Someone who set a breakpoint gets the watches before the first run.
  const debugging = useDebugger((s) => Object.keys(s.breakpoints).length > 0);
  const partial = useEditor((s) => s.run?.partial);
  const hasRun = useEditor((s) => s.run !== null);
  const [error, setError] = useState<string | null>(null);
  const inputsId = useId();

  // Bring the paused step into view, selected, so its inspector shows too.
  const pausedKey = paused ? `${paused.stepId}@${paused.iteration.join('.')}@${paused.at}` : null;
  useEffect(() => {
    if (!paused || !(paused.stepId in editor.getState().flow.steps)) return;
    editor.getState().select([paused.stepId], paused.stepId);
    editor.setState({ revealStep: paused.stepId });
    setError(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pausedKey, editor]);

  const text = paused && draft && samePoint(draft.at, paused) ? draft.text : paused ? JSON.stringify(paused.inputs, null, 2) : '';
  const send = (type: DebugCommandType) => {
    const r = sendDebugCommand(editor, type);
    if (!r.ok && r.reason === 'bad-inputs') setError(t('errors.badInputs', { message: r.message ?? '' }));
  };

  // Shown only while someone debugs (a breakpoint, a watch, a pause, a partial run): everyone else's runs
  // keep the panel as it was.
  if (!paused && !pending && !partial && watches === 0 && !debugging) return null;
  return (
    <div className="fb-dbg-bar" data-testid="debug-bar">
      {pending && (
        <div className="fb-dbg-row" data-testid="debug-pending">
          <span>{t(`pending.${pending.mode}`, { step: labels.label(pending.stepId) })}</span>
          <button type="button" className="fb-button" onClick={() => dbg.setState({ pendingPartial: null })}>
            {t('pending.cancel')}
          </button>
        </div>
      )}
      {partial && hasRun && (
        <p className="fb-dbg-note" data-testid="debug-partial">
          {partial.mode === 'to' && partial.toStepId
            ? t('partial.to', { step: labels.label(partial.toStepId) })
            : t(partial.mode === 'one' ? 'partial.one' : 'partial.from', { step: labels.label(partial.fromStepId ?? ''), run: partial.sourceRunId ?? t('partial.noRun') })}
        </p>
      )}
      {paused && session && (
        <>
          <p className="fb-dbg-bar__title" role="status" data-testid="debug-paused">
            {t(`paused.title.${paused.reason}`, {
              step: labels.label(paused.stepId),
              iteration: paused.iteration.length > 0 ? t('paused.iteration', { iteration: paused.iteration.map((i) => i + 1).join('.') }) : '',
            })}
          </p>
          <div className="fb-dbg-controls" role="toolbar" aria-label={t('controls')}>
            {CONTROLS.map((c) => (
              <button key={c.type} type="button" className={`fb-button${c.type === 'continue' ? ' fb-primary' : ''}`} onClick={() => send(c.type)} data-testid={`debug-${c.type}`}>
                <span aria-hidden="true">{c.icon}</span> {t(`command.${c.type}`)}
                <kbd aria-hidden="true">{formatShortcut(c.key)}</kbd>
              </button>
            ))}
          </div>
        </>
      )}
      <div className={paused && session ? 'fb-dbg-columns' : undefined}>
        {paused && session && (
          <label htmlFor={inputsId} className="fb-dbg-watches">
            <span>{t('inputs.label')}</span>
            <textarea
              id={inputsId}
              className="fb-dbg-json"
              spellCheck={false}
              value={text}
              aria-invalid={error !== null}
              data-testid="debug-inputs"
              onChange={(e) => {
                setError(null);
                dbg.setState({ inputsDraft: { at: { stepId: paused.stepId, iteration: paused.iteration }, text: e.target.value } });
              }}
            />
            {error && (
              <span className="fb-dbg-error" role="alert">
                {error}
              </span>
            )}
          </label>
        )}
        <WatchPanel syntax={adapter.referenceSyntax ?? localSyntax} />
      </div>
    </div>
  );
}
