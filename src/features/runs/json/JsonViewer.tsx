/**
 * A JSON tree that stays fast on large values: only expanded nodes become rows (see json-tree.ts), rows have
 * one fixed height and only the visible ones are in the DOM (@tanstack/react-virtual), big containers page
 * 100 children at a time and long strings show a preview until asked for more.
 *
 * Keyboard (tree pattern, focus stays on the tree and `aria-activedescendant` names the active row, so rows
 * can come and go with scrolling): arrows move/expand/collapse, Home/End, PageUp/PageDown, Enter or Space
 * toggles or shows more, `c` copies the value and `p` its path.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { copyToClipboard } from '../clipboard';
import { formatPath } from './json-path';
import { copyText } from './json-preview';
import { EMPTY_TREE_STATE, flattenJson, nextLimit, parentIndex, type FlattenOptions, type JsonRow, type TreeState } from './json-tree';

export const JSON_ROW_HEIGHT = 22;

export interface JsonViewerProps extends FlattenOptions {
  value: unknown;
  /** Accessible name of the tree. */
  label: string;
  /** Height of the scrolling area in px. */
  height?: number;
  'data-testid'?: string;
}

function toggle(set: ReadonlySet<string>, id: string): Set<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}

export function JsonViewer({ value, label, height = 260, 'data-testid': testId = 'json-viewer', ...options }: JsonViewerProps) {
  const { t } = useTranslation('runs');
  const uid = useId();
  const [tree, setTree] = useState<TreeState>(EMPTY_TREE_STATE);
  const [active, setActive] = useState(0);
  const [announce, setAnnounce] = useState('');
  const scrollRef = useRef<HTMLDivElement>(null);
  const keyboardMove = useRef(false);
  const opts: FlattenOptions = options;
  const { pageSize, previewChars, textPage, lineChars, defaultExpandDepth, hideRoot } = options;
  const rows = useMemo(
    () => flattenJson(value, tree, { pageSize, previewChars, textPage, lineChars, defaultExpandDepth, hideRoot }),
    [value, tree, pageSize, previewChars, textPage, lineChars, defaultExpandDepth, hideRoot],
  );
  const current = Math.min(active, Math.max(0, rows.length - 1));

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => JSON_ROW_HEIGHT,
    overscan: 8,
  });

  useEffect(() => {
    if (!keyboardMove.current) return;
    keyboardMove.current = false;
    virtualizer.scrollToIndex(current, { align: 'auto' });
  }, [current, virtualizer]);

  useEffect(() => {
    if (!announce) return;
    const id = setTimeout(() => setAnnounce(''), 2000);
    return () => clearTimeout(id);
  }, [announce]);

  const copy = async (row: JsonRow, what: 'value' | 'path') => {
    const text = what === 'path' ? formatPath(row.path) : copyText(row.type === 'node' ? row.value : valueOfOwner(rows, row));
    const ok = await copyToClipboard(text);
    if (ok) setAnnounce(what === 'path' ? t('json.copiedPath', { path: text }) : t('json.copiedValue'));
  };

  const activate = (row: JsonRow) => {
    if (row.type === 'more') {
      const limit = nextLimit(row, opts);
      setTree((s) =>
        row.unit === 'items'
          ? { ...s, pages: new Map(s.pages).set(row.target, limit) }
          : { ...s, textLimits: new Map(s.textLimits).set(row.target, limit) },
      );
    } else if (row.type === 'node' && row.expandable) setTree((s) => ({ ...s, toggled: toggle(s.toggled, row.id) }));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const row = rows[current];
    if (!row) return;
    const move = (i: number) => {
      keyboardMove.current = true;
      setActive(Math.max(0, Math.min(rows.length - 1, i)));
    };
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    switch (e.key) {
      case 'ArrowDown':
        move(current + 1);
        break;
      case 'ArrowUp':
        move(current - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'PageDown':
        move(current + 10);
        break;
      case 'PageUp':
        move(current - 10);
        break;
      case 'ArrowRight':
        if (row.type === 'node' && row.expandable && !row.expanded) activate(row);
        else if (row.type === 'node' && row.expanded) move(current + 1);
        else return;
        break;
      case 'ArrowLeft': {
        if (row.type === 'node' && row.expanded) activate(row);
        else {
          const p = parentIndex(rows, current);
          if (p < 0) return;
          move(p);
        }
        break;
      }
      case 'Enter':
      case ' ':
        activate(row);
        break;
      default:
        if (e.altKey) return;
        if (key === 'c' && !e.shiftKey) void copy(row, 'value');
        else if ((key === 'p' && !mod) || (key === 'c' && e.shiftKey)) void copy(row, 'path');
        else return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const hintId = `${uid}-hint`;
  const rowId = (i: number) => `${uid}-row-${i}`;
  return (
    <div className="fb-json" data-testid={testId}>
      <div
        ref={scrollRef}
        className="fb-json-scroll"
        style={{ height: Math.min(height, Math.max(1, rows.length) * JSON_ROW_HEIGHT + 2) }}
        role="tree"
        aria-label={label}
        aria-describedby={hintId}
        aria-activedescendant={rows.length > 0 ? rowId(current) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const row = rows[v.index]!;
            return (
              <Row
                key={row.id}
                id={rowId(v.index)}
                row={row}
                top={v.start}
                active={v.index === current}
                onPick={() => {
                  setActive(v.index);
                  scrollRef.current?.focus({ preventScroll: true });
                  if (row.type === 'node' && row.expandable && row.kind !== 'string') activate(row);
                }}
                onActivate={() => activate(row)}
                onCopy={(what) => void copy(row, what)}
              />
            );
          })}
        </div>
      </div>
      <p id={hintId} className="fb-json-hint">
        {t('json.hint')}
      </p>
      <span className="fb-visually-hidden" role="status" aria-live="polite">
        {announce}
      </span>
    </div>
  );
}

/** A text or "more" row copies the string it belongs to. */
function valueOfOwner(rows: readonly JsonRow[], row: JsonRow): unknown {
  const owner = rows.find((r) => r.type === 'node' && r.id === (row.type === 'more' ? row.target : row.id.replace(/#t\d+$/, '')));
  return owner?.type === 'node' ? owner.value : undefined;
}

interface RowProps {
  id: string;
  row: JsonRow;
  top: number;
  active: boolean;
  onPick(): void;
  onActivate(): void;
  onCopy(what: 'value' | 'path'): void;
}

function Row({ id, row, top, active, onPick, onActivate, onCopy }: RowProps) {
  const { t } = useTranslation('runs');
  const common = {
    id,
    role: 'treeitem',
    'aria-level': row.depth + 1,
    'aria-posinset': row.posInSet,
    'aria-setsize': row.setSize,
    'aria-selected': active,
    'data-path': row.type === 'node' ? formatPath(row.path) : undefined,
    className: `fb-json-row fb-json-${row.type}${active ? ' fb-json-active' : ''}`,
    style: { top, height: JSON_ROW_HEIGHT, paddingInlineStart: 6 + row.depth * 14 },
    onClick: onPick,
  } as const;

  if (row.type === 'text') {
    return (
      <div {...common} data-testid="json-text">
        <span className="fb-json-text">{row.text || ' '}</span>
      </div>
    );
  }
  if (row.type === 'more') {
    const left = row.total - row.shown;
    return (
      <div {...common} data-testid="json-more">
        <button type="button" tabIndex={-1} className="fb-link" onClick={onActivate}>
          {row.unit === 'items' ? t('json.showMoreItems', { count: Math.min(left, 100), left }) : t('json.showMoreText', { left })}
        </button>
      </div>
    );
  }
  const label = row.label === null ? null : typeof row.label === 'number' ? `${row.label}` : row.label;
  return (
    <div {...common} aria-expanded={row.expandable ? row.expanded : undefined} data-testid="json-row">
      <span className="fb-json-toggle" aria-hidden="true">
        {row.expandable && row.kind !== 'string' ? (row.expanded ? '▾' : '▸') : ''}
      </span>
      {label !== null && <span className={typeof row.label === 'number' ? 'fb-json-index' : 'fb-json-key'}>{label}:</span>}
      {!(row.expanded && row.kind !== 'string') && <span className={`fb-json-value fb-json-${row.kind}`}>{row.preview}</span>}
      {(row.kind === 'array' || row.kind === 'object') && !row.circular && (
        <span className="fb-json-size">{row.kind === 'array' ? t('json.items', { count: row.size }) : t('json.keys', { count: row.size })}</span>
      )}
      {row.kind === 'string' && row.truncated && (
        <button
          type="button"
          tabIndex={-1}
          className="fb-link fb-json-more-text"
          data-testid="json-show-more"
          onClick={(e) => {
            e.stopPropagation();
            onActivate();
          }}
        >
          {row.expanded ? t('json.showLess') : t('json.showMore', { count: row.size })}
        </button>
      )}
      <span className="fb-json-actions">
        <button type="button" tabIndex={-1} className="fb-icon-button" title={t('json.copyValue')} data-testid="json-copy-value" onClick={(e) => (e.stopPropagation(), onCopy('value'))}>
          {t('json.copyValue')}
        </button>
        <button type="button" tabIndex={-1} className="fb-icon-button" title={t('json.copyPath')} data-testid="json-copy-path" onClick={(e) => (e.stopPropagation(), onCopy('path'))}>
          {t('json.copyPath')}
        </button>
      </span>
    </div>
  );
}
