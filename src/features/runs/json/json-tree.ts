/**
 * Turns a JSON value and the viewer's expansion state into the flat rows the virtualised tree renders.
 *
 * Only what is visible is visited: a collapsed object costs one row whatever its size, an expanded array
 * shows its first `pageSize` items and a "show more" row, and a long string shows a preview until asked for
 * more, then its text as fixed-height line rows (so the virtualiser never measures anything).
 */
import { formatPath, type PathSegment } from './json-path';
import { kindOf, previewValue, type JsonKind } from './json-preview';

interface RowBase {
  /** Unique and stable across renders: the formatted path, plus a suffix for helper rows. */
  id: string;
  depth: number;
  path: PathSegment[];
  /** Position among its siblings (1-based) and their number, for `aria-posinset` / `aria-setsize`. */
  posInSet: number;
  setSize: number;
}

export interface NodeRow extends RowBase {
  type: 'node';
  /** Object key or array index; null for a shown root. */
  label: string | number | null;
  kind: JsonKind;
  /** Children of a container, characters of a string, 0 otherwise. */
  size: number;
  expandable: boolean;
  expanded: boolean;
  /** One line: a scalar, a (possibly cut) string, or a compact preview of a container. */
  preview: string;
  /** A string longer than its preview. */
  truncated: boolean;
  circular: boolean;
  value: unknown;
}

/** "Show more" for a container's children (`unit: 'items'`) or a long string's text (`unit: 'chars'`). */
export interface MoreRow extends RowBase {
  type: 'more';
  /** The id of the row whose content grows. */
  target: string;
  unit: 'items' | 'chars';
  shown: number;
  total: number;
}

export interface TextRow extends RowBase {
  type: 'text';
  text: string;
}

export type JsonRow = NodeRow | MoreRow | TextRow;

export interface TreeState {
  /** Rows whose expansion differs from the default (see `defaultExpandDepth`). */
  toggled: ReadonlySet<string>;
  /** Children shown per container id (default `pageSize`). */
  pages: ReadonlyMap<string, number>;
  /** Characters shown per expanded string id (default `textPage`). */
  textLimits: ReadonlyMap<string, number>;
}

export interface FlattenOptions {
  /** Children shown per page of a big array or object. */
  pageSize?: number;
  /** Strings longer than this are cut in their row. */
  previewChars?: number;
  /** Characters shown when a long string is first expanded; each "show more" multiplies it by 4. */
  textPage?: number;
  /** Characters per text line row. */
  lineChars?: number;
  /** Containers shallower than this start expanded. */
  defaultExpandDepth?: number;
  /** Show the root's children as top-level rows (the root itself has no row). Containers only. */
  hideRoot?: boolean;
}

export const EMPTY_TREE_STATE: TreeState = { toggled: new Set(), pages: new Map(), textLimits: new Map() };

const DEFAULTS = { pageSize: 100, previewChars: 120, textPage: 4000, lineChars: 100, defaultExpandDepth: 1, hideRoot: false };

/** Options with unset (or explicitly `undefined`) fields taking their defaults. */
function withDefaults(options: FlattenOptions): Required<FlattenOptions> {
  const o: Required<FlattenOptions> = { ...DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  return o;
}

function childKeys(v: unknown): PathSegment[] | null {
  if (Array.isArray(v)) return Array.from({ length: v.length }, (_, i) => i);
  if (kindOf(v) === 'object') return Object.keys(v as object);
  return null;
}

function childCount(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (kindOf(v) === 'object') return Object.keys(v as object).length;
  return 0;
}

export function isRowExpanded(state: TreeState, id: string, depth: number, kind: JsonKind, defaultExpandDepth: number): boolean {
  const byDefault = kind !== 'string' && depth < defaultExpandDepth;
  return state.toggled.has(id) !== byDefault;
}

export function flattenJson(root: unknown, state: TreeState = EMPTY_TREE_STATE, options: FlattenOptions = {}): JsonRow[] {
  const o = withDefaults(options);
  const rows: JsonRow[] = [];
  const ancestors = new Set<object>();

  const visit = (value: unknown, path: PathSegment[], label: string | number | null, depth: number, pos: number, setSize: number) => {
    const id = formatPath(path);
    const kind = kindOf(value);
    const circular = typeof value === 'object' && value !== null && ancestors.has(value);
    if (kind === 'string') {
      const s = value as string;
      const long = s.length > o.previewChars;
      const expanded = long && isRowExpanded(state, id, depth, kind, o.defaultExpandDepth);
      rows.push({
        type: 'node', id, depth, path, posInSet: pos, setSize, label, kind, size: s.length, expandable: long, expanded,
        preview: long ? `${JSON.stringify(s.slice(0, o.previewChars)).slice(0, -1)}…` : JSON.stringify(s),
        truncated: long, circular: false, value,
      });
      if (expanded) pushText(s, id, path, depth + 1);
      return;
    }
    const size = circular ? 0 : childCount(value);
    const container = kind === 'object' || kind === 'array';
    const expandable = container && size > 0 && !circular;
    const expanded = expandable && isRowExpanded(state, id, depth, kind, o.defaultExpandDepth);
    rows.push({
      type: 'node', id, depth, path, posInSet: pos, setSize, label, kind, size, expandable, expanded,
      preview: circular ? '[circular]' : previewValue(value, 80), truncated: false, circular, value,
    });
    if (expanded) children(value as object, path, id, depth + 1);
  };

  const children = (value: object, path: PathSegment[], id: string, depth: number) => {
    const keys = childKeys(value) ?? [];
    const shown = Math.min(keys.length, state.pages.get(id) ?? o.pageSize);
    ancestors.add(value);
    for (let i = 0; i < shown; i++) {
      const k = keys[i]!;
      visit((value as Record<PathSegment, unknown>)[k], [...path, k], k, depth, i + 1, keys.length);
    }
    ancestors.delete(value);
    if (shown < keys.length) {
      rows.push({ type: 'more', id: `${id}#more`, depth, path, posInSet: shown + 1, setSize: keys.length, target: id, unit: 'items', shown, total: keys.length });
    }
  };

  const pushText = (s: string, id: string, path: PathSegment[], depth: number) => {
    const limit = Math.min(s.length, state.textLimits.get(id) ?? o.textPage);
    const text = s.slice(0, limit);
    let n = 0;
    const lines: string[] = [];
    for (const line of text.split('\n')) {
      if (line.length === 0) lines.push('');
      for (let i = 0; i < line.length; i += o.lineChars) lines.push(line.slice(i, i + o.lineChars));
    }
    const total = lines.length + (limit < s.length ? 1 : 0);
    for (const line of lines) {
      n++;
      rows.push({ type: 'text', id: `${id}#t${n}`, depth, path, posInSet: n, setSize: total, text: line });
    }
    if (limit < s.length) {
      rows.push({ type: 'more', id: `${id}#more`, depth, path, posInSet: total, setSize: total, target: id, unit: 'chars', shown: limit, total: s.length });
    }
  };

  const rootKind = kindOf(root);
  if (o.hideRoot && (rootKind === 'object' || rootKind === 'array')) children(root as object, [], '', 0);
  else visit(root, [], null, 0, 1, 1);
  return rows;
}

/** The next page size after a "show more" click on `row`. */
export function nextLimit(row: MoreRow, options: FlattenOptions = {}): number {
  const o = withDefaults(options);
  return row.unit === 'items' ? row.shown + o.pageSize : Math.min(row.total, row.shown * 4);
}

/** Index of the row's parent (the nearest row above with a smaller depth), or -1. */
export function parentIndex(rows: readonly JsonRow[], index: number): number {
  const depth = rows[index]?.depth ?? 0;
  for (let i = index - 1; i >= 0; i--) if (rows[i]!.depth < depth) return i;
  return -1;
}
