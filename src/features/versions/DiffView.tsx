/**
 * A read-only view of two documents of a flow and what differs between them: a list and a graph with marks
 * (added, removed, changed, moved) and a legend, and a details pane with the selected step's field diffs
 * (code as a line diff). With `mode="view"` it shows one document read-only (a version preview).
 * Nothing here edits: the editor's own canvas and list stay the only places that change a flow.
 */
import * as Tabs from '@radix-ui/react-tabs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Flow } from '../../model/flow';
import { diffFlows, primaryMark, stepOf, type FieldDiff, type FlowDiff, type StepMark, type StepPlace } from './diff';
import './versions.css';

const DiffGraph = lazy(() => import('./DiffGraph').then((m) => ({ default: m.DiffGraph })));

export const MARK_SYMBOL: Record<StepMark | 'unchanged', string> = { added: '+', removed: '−', changed: '~', moved: '↕', unchanged: '' };

export interface DiffViewProps {
  before: Flow;
  after: Flow;
  beforeLabel: string;
  afterLabel: string;
  mode?: 'diff' | 'view';
  testId?: string;
}

export function DiffView({ before, after, beforeLabel, afterLabel, mode = 'diff', testId = 'diff-view' }: DiffViewProps) {
  const { t } = useTranslation('versions');
  const diff = useMemo(() => diffFlows(before, after), [before, after]);
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState('list');
  const firstChanged = diff.rows.find((r) => primaryMark(diff.steps[r.stepId]) !== 'unchanged')?.stepId ?? null;
  const current = selected ?? (mode === 'diff' ? firstChanged : null);
  return (
    <div className="fb-vdiff" data-testid={testId}>
      {mode === 'diff' && (
        <>
          <p className="fb-vdiff-sides">
            <span className="fb-vdiff-side fb-vdiff-side-before">{t('diff.from', { label: beforeLabel })}</span>{' '}
            <span className="fb-vdiff-side fb-vdiff-side-after">{t('diff.to', { label: afterLabel })}</span>
          </p>
          <p className="fb-vdiff-summary" data-testid="diff-summary">
            {diff.identical ? t('diff.identical') : t('diff.counts', diff.counts)}
          </p>
          <Legend />
        </>
      )}
      <Tabs.Root value={tab} onValueChange={setTab} className="fb-vdiff-tabs">
        <Tabs.List className="fb-vdiff-tablist" aria-label={t('diff.views')}>
          <Tabs.Trigger value="list" className="fb-vdiff-tab" data-testid="diff-tab-list">
            {t('diff.list')}
          </Tabs.Trigger>
          <Tabs.Trigger value="graph" className="fb-vdiff-tab" data-testid="diff-tab-graph">
            {t('diff.graph')}
          </Tabs.Trigger>
        </Tabs.List>
        <div className="fb-vdiff-body">
          <div className="fb-vdiff-main">
            <Tabs.Content value="list" className="fb-vdiff-panel">
              <DiffList diff={diff} selected={current} onSelect={setSelected} mode={mode} />
            </Tabs.Content>
            <Tabs.Content value="graph" className="fb-vdiff-panel">
              {tab === 'graph' && (
                <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
                  <DiffGraph diff={diff} selected={current} onSelect={setSelected} mode={mode} />
                </Suspense>
              )}
            </Tabs.Content>
          </div>
          <Details diff={diff} stepId={current} mode={mode} beforeLabel={beforeLabel} afterLabel={afterLabel} />
        </div>
      </Tabs.Root>
    </div>
  );
}

export function Legend() {
  const { t } = useTranslation('versions');
  return (
    <ul className="fb-vdiff-legend" aria-label={t('diff.legend')} data-testid="diff-legend">
      {(['added', 'removed', 'changed', 'moved'] as const).map((m) => (
        <li key={m} className={`fb-vdiff-mark-${m}`}>
          <span className="fb-vdiff-badge" aria-hidden="true">
            {MARK_SYMBOL[m]}
          </span>{' '}
          {t(`marks.${m}`)}
        </li>
      ))}
    </ul>
  );
}

function DiffList({ diff, selected, onSelect, mode }: { diff: FlowDiff; selected: string | null; onSelect(id: string): void; mode: 'diff' | 'view' }) {
  const { t } = useTranslation('versions');
  if (diff.rows.length === 0) return <p className="fb-muted">{t('diff.noSteps')}</p>;
  return (
    <ul className="fb-vdiff-list" aria-label={t('diff.steps')} data-testid="diff-list">
      {diff.rows.map((row) => {
        const d = diff.steps[row.stepId];
        const step = stepOf(diff, row.stepId);
        const mark = mode === 'diff' ? primaryMark(d) : 'unchanged';
        if (row.role === 'else') {
          return (
            <li key={row.key} className={`fb-vdiff-else fb-vdiff-mark-${row.side === 'before' ? 'removed' : 'unchanged'}`} style={{ paddingInlineStart: `${row.depth * 1.1 + 1.6}rem` }}>
              {t('diff.else')}
            </li>
          );
        }
        const marks = mode === 'diff' ? (d?.marks ?? []) : [];
        return (
          <li key={row.key}>
            <button
              type="button"
              className={`fb-vdiff-row fb-vdiff-mark-${mark}`}
              style={{ paddingInlineStart: `${row.depth * 1.1 + 0.3}rem` }}
              aria-pressed={selected === row.stepId}
              onClick={() => onSelect(row.stepId)}
              data-testid="diff-row"
              data-step-id={row.stepId}
              data-mark={mark}
              data-marks={marks.join(' ')}
            >
              <span className="fb-vdiff-badge" aria-hidden="true">
                {MARK_SYMBOL[mark]}
              </span>
              <span className="fb-vdiff-row-title">{step?.title ?? row.stepId}</span>
              {marks.length > 0 && <span className="fb-vdiff-row-marks">{marks.map((m) => t(`marks.${m}`)).join(', ')}</span>}
              <small className="fb-muted">{step?.type}</small>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

function formatValue(v: unknown): string {
  if (v === undefined) return '—';
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v, null, 1);
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

function Details({ diff, stepId, mode, beforeLabel, afterLabel }: { diff: FlowDiff; stepId: string | null; mode: 'diff' | 'view'; beforeLabel: string; afterLabel: string }) {
  const { t } = useTranslation('versions');
  const d = stepId ? diff.steps[stepId] : undefined;
  const step = stepId ? stepOf(diff, stepId) : undefined;
  const placeText = (p: StepPlace): string => {
    if (p.kind === 'graph') {
      if (p.inputs.length === 0) return t('place.start');
      return t('place.after', { steps: p.inputs.map((i) => stepOf(diff, i.split(':')[0]!)?.title ?? i).join(', ') });
    }
    const where = p.parent === null ? t('place.top') : t('place.branch', { block: stepOf(diff, p.parent)?.title ?? p.parent, branch: t(`branch.${p.branch ?? 'then'}`) });
    return t('place.at', { where, position: p.index + 1 });
  };
  return (
    <aside className="fb-vdiff-details" aria-label={t('diff.details')} data-testid="diff-details">
      {!d || !step ? (
        mode === 'diff' && diff.flowFields.length > 0 ? (
          <>
            <h3>{t('diff.flowFields')}</h3>
            <FieldList fields={diff.flowFields} beforeLabel={beforeLabel} afterLabel={afterLabel} />
          </>
        ) : (
          <p className="fb-muted">{t('diff.pickStep')}</p>
        )
      ) : (
        <>
          <h3 data-testid="diff-details-title">{step.title}</h3>
          <p className="fb-muted">{step.type}</p>
          {mode === 'diff' && (
            <p data-testid="diff-details-marks">{d.marks.length === 0 ? t('diff.unchanged') : d.marks.map((m) => t(`marks.${m}`)).join(', ')}</p>
          )}
          {mode === 'diff' && d.move && (
            <p data-testid="diff-details-move">{t('diff.movedFromTo', { from: placeText(d.move.from), to: placeText(d.move.to) })}</p>
          )}
          {mode === 'diff' && d.fields.length > 0 && <FieldList fields={d.fields} beforeLabel={beforeLabel} afterLabel={afterLabel} />}
          {mode === 'view' && (
            <dl className="fb-vdiff-params">
              {Object.entries(step.params).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{typeof v === 'string' && v.includes('\n') ? <pre className="fb-vdiff-code">{v}</pre> : <code>{formatValue(v)}</code>}</dd>
                </div>
              ))}
              {Object.keys(step.params).length === 0 && <p className="fb-muted">{t('diff.noParams')}</p>}
            </dl>
          )}
        </>
      )}
    </aside>
  );
}

function FieldList({ fields, beforeLabel, afterLabel }: { fields: FieldDiff[]; beforeLabel: string; afterLabel: string }) {
  const { t } = useTranslation('versions');
  return (
    <ul className="fb-vdiff-fields" data-testid="diff-fields">
      {fields.map((f) => (
        <li key={f.path} data-testid="diff-field" data-path={f.path} className={`fb-vdiff-field fb-vdiff-field-${f.change}`}>
          <div className="fb-vdiff-field-head">
            <code>{f.path}</code> <span className="fb-muted">{t(`change.${f.change}`)}</span>
          </div>
          {f.lines ? (
            <pre className="fb-vdiff-code" aria-label={t('diff.lineDiff', { path: f.path })}>
              {f.lines.map((l, i) => (
                <span key={i} className={`fb-vdiff-line fb-vdiff-line-${l.op}`}>
                  <span className="fb-vdiff-gutter" aria-hidden="true">
                    {l.op === 'add' ? '+' : l.op === 'remove' ? '−' : ' '}
                  </span>
                  <span className="fb-visually-hidden">{l.op === 'same' ? '' : `${t(`line.${l.op}`)}: `}</span>
                  {l.text}
                  {'\n'}
                </span>
              ))}
            </pre>
          ) : (
            <dl className="fb-vdiff-values">
              <div>
                <dt>{beforeLabel}</dt>
                <dd>
                  <code>{formatValue(f.before)}</code>
                </dd>
              </div>
              <div>
                <dt>{afterLabel}</dt>
                <dd>
                  <code>{formatValue(f.after)}</code>
                </dd>
              </div>
            </dl>
          )}
        </li>
      ))}
    </ul>
  );
}
