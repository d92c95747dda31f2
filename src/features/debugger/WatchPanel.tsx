/**
 * Watch expressions over the run on screen (live at a pause, a past run, or the replay position): re-read
 * whenever that state changes, so they follow each pause and each step of a replay.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../../editor/context';
import type { ReferenceSyntax } from '../../model/references';
import { setWatches, useDebugger, useDebuggerStore } from './debugger-store';
import { asText, evaluateWatch } from './watch';

export function WatchPanel({ syntax }: { syntax: ReferenceSyntax }) {
  const { t } = useTranslation('debugger');
  const store = useDebuggerStore();
  const watches = useDebugger((s) => s.watches);
  const run = useEditor((s) => s.run);
  const steps = useEditor((s) => s.flow.steps);
  const [draft, setDraft] = useState('');
  const add = () => {
    const w = draft.trim();
    if (!w) return;
    if (!watches.includes(w)) setWatches(store, [...watches, w]);
    setDraft('');
  };
  return (
    <section className="fb-dbg-watches" aria-label={t('watch.title')} data-testid="watch-panel">
      <span>{t('watch.title')}</span>
      {watches.length > 0 && (
        <ul>
          {watches.map((w) => {
            const r = evaluateWatch(w, run, { steps }, syntax);
            const value = r.ok ? asText(r.value) : 'missing' in r ? t('watch.noValue') : t('watch.noReference', { example: `${syntax.trigger}…` });
            return (
              <li key={w} className="fb-dbg-watch" data-testid="watch-row">
                <code title={w}>{w}</code>
                <span className={`fb-dbg-watch__value${r.ok ? '' : ' is-missing'}`} title={value} data-testid="watch-value">
                  {value}
                </span>
                <button type="button" className="fb-icon-button" aria-label={t('watch.remove', { expression: w })} onClick={() => setWatches(store, watches.filter((x) => x !== w))}>
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <form
        className="fb-dbg-row"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input
          className="fb-input"
          value={draft}
          placeholder={t('watch.placeholder', { example: `${syntax.trigger}steps.…}}` })}
          aria-label={t('watch.add')}
          data-testid="watch-input"
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="fb-button" disabled={draft.trim() === ''}>
          {t('watch.add')}
        </button>
      </form>
    </section>
  );
}
