/**
 * The inspector's debugger section for one step: breakpoint (with a condition in the backend's reference
 * syntax, with the same autocomplete as params), pinned output (from the run on screen, or typed JSON checked
 * against the module's outputs), and partial runs from this step.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { debugCapabilitiesOf } from '../../backends/debug';
import { useCommands, useEditor } from '../../editor/context';
import { formatShortcut } from '../../editor/commands/keys';
import { ReferenceInput, type ReferenceContext } from '../../forms';
import type { ModuleDefinition } from '../../model/modules';
import { useBackend } from '../../shell/backend-context';
import { pinOutput, setBreakpointCondition, setWatches, toggleBreakpoint, unpin, useDebugger, useDebuggerStore } from './debugger-store';
import { parsePin } from './pin-schema';
import { useRunView } from '../runs/run-view';
import './debugger.css';

export function StepDebugSection({ stepId, module, references }: { stepId: string; module: ModuleDefinition | undefined; references: ReferenceContext }) {
  const { t, i18n } = useTranslation('debugger');
  const store = useDebuggerStore();
  const adapter = useBackend();
  const caps = debugCapabilitiesOf(adapter.capabilities);
  const { execute, registry, ctx } = useCommands();
  const bp = useDebugger((s) => s.breakpoints[stepId]);
  const pin = useDebugger((s) => s.pins[stepId]);
  const lastOutputs = useEditor((s) => s.run?.steps[stepId]?.lastOutputs);
  // Re-render when the live run starts or ends: the partial-run buttons are enabled only between runs.
  useRunView((s) => s.live?.status);
  const [typed, setTyped] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const conditionId = useId();
  const pinId = useId();
  const language = i18n.language === 'zh' ? 'zh' : 'en';
  const watches = useDebugger((s) => s.watches);
  // The step's whole output, written as the backend writes references.
  const watchText = references.syntax?.format({ kind: 'step', stepId, path: [] }, references.naming) ?? '';
  const watched = watchText === '' || watches.includes(watchText);

  const pinTyped = () => {
    const r = parsePin(typed ?? '', module);
    if (r.ok) {
      pinOutput(store, stepId, r.value, 'typed');
      setTyped(null);
      setProblems([]);
    } else setProblems(r.error === 'json' ? [t('pin.badJson', { message: r.message })] : r.problems.map((p) => t('pin.badShape', { problem: p })));
  };

  return (
    <section className="fb-dbg-section" aria-label={t('section')} data-testid="debug-section">
      <h3>{t('section')}</h3>
      <label className="fb-check">
        <input type="checkbox" checked={!!bp} onChange={() => toggleBreakpoint(store, stepId)} data-testid="breakpoint-toggle" />
        {t('breakpoint.label')} <kbd>{formatShortcut('F9')}</kbd>
      </label>
      {!caps.breakpoints && <p className="fb-dbg-note">{t('unsupported.breakpoints')}</p>}
      {bp && (
        <div className="fb-field">
          <label htmlFor={conditionId}>{t('breakpoint.condition')}</label>
          <ReferenceInput
            id={conditionId}
            value={bp.condition ?? ''}
            onChange={(v) => setBreakpointCondition(store, stepId, v)}
            label={t('breakpoint.condition')}
            references={references}
            language={language}
            placeholder={t('breakpoint.conditionPlaceholder', { example: `${references.syntax?.trigger ?? '{{'}steps.…}} == 2` })}
            className="fb-input"
          />
          <p className="fb-dbg-note">{t('breakpoint.conditionHelp')}</p>
        </div>
      )}
      <div className="fb-dbg-row">
        <span>{t('pin.label')}</span>
        {pin ? (
          <>
            <span className="fb-dbg-badge fb-dbg-badge--pin">{t(`pin.from.${pin.from}`)}</span>
            <button type="button" className="fb-button" onClick={() => setTyped(JSON.stringify(pin.value, null, 2))}>
              {t('pin.edit')}
            </button>
            <button type="button" className="fb-button" onClick={() => unpin(store, stepId)} data-testid="unpin">
              {t('pin.unpin')}
            </button>
          </>
        ) : (
          <>
            <button type="button" className="fb-button" disabled={lastOutputs === undefined} onClick={() => pinOutput(store, stepId, lastOutputs, 'run')} data-testid="pin-from-run">
              {t('pin.fromRun')}
            </button>
            <button type="button" className="fb-button" onClick={() => setTyped(typed ?? '{\n  \n}')} data-testid="pin-typed-open">
              {t('pin.typed')}
            </button>
          </>
        )}
      </div>
      {pin && typed === null && <pre className="fb-dbg-json" data-testid="pin-value">{JSON.stringify(pin.value, null, 2)}</pre>}
      {typed !== null && (
        <div className="fb-field">
          <label htmlFor={pinId}>{t('pin.json')}</label>
          <textarea id={pinId} className="fb-dbg-json" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} aria-invalid={problems.length > 0} data-testid="pin-json" />
          {problems.map((p) => (
            <p key={p} className="fb-dbg-error" role="alert">
              {p}
            </p>
          ))}
          <div className="fb-dbg-row">
            <button type="button" className="fb-button fb-primary" onClick={pinTyped} data-testid="pin-save">
              {t('pin.save')}
            </button>
            <button type="button" className="fb-button" onClick={() => (setTyped(null), setProblems([]))}>
              {t('pin.cancel')}
            </button>
          </div>
        </div>
      )}
      {!caps.pins && (pin || typed !== null) && <p className="fb-dbg-note" data-testid="pins-unsupported">{t('unsupported.pins')}</p>}
      <div className="fb-dbg-row">
        <button
          type="button"
          className="fb-button"
          disabled={watched}
          onClick={() => setWatches(store, [...watches, watchText])}
          data-testid="watch-output"
        >
          {t('watch.output')}
        </button>
      </div>
      <div className="fb-dbg-row">
        {(['debug.runFromHere', 'debug.runThisStep', 'debug.runToHere'] as const).map((id) => {
          const c = registry.get(id);
          if (!c) return null;
          return (
            <button
              key={id}
              type="button"
              className="fb-button"
              disabled={!registry.canRun(id, ctx)}
              onClick={() => {
                ctx.store.getState().select([stepId], stepId);
                void execute(id);
              }}
              data-testid={id}
            >
              {t(c.labelKey.replace('debugger:', ''))}
            </button>
          );
        })}
      </div>
    </section>
  );
}
