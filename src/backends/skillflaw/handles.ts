/**
 * Langflow's encoded edge handles. The frontend stores each handle twice: as an object in `edge.data` and as a
 * string in `edge.sourceHandle` / `edge.targetHandle` (JSON with keys sorted and `"` replaced by `œ`, its
 * `scapedJSONStringfy`). Existing strings are never re-encoded (the Python side re-saves them with spaces);
 * only new edges are encoded here.
 */

export interface SourceHandle {
  dataType: string;
  id: string;
  name: string;
  output_types: string[];
}

export interface TargetHandle {
  fieldName: string;
  id: string;
  inputTypes: string[] | null;
  type: string;
  proxy?: { id: string; field: string };
}

function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const rec = v as Record<string, unknown>;
    return `{${Object.keys(rec)
      .filter((k) => rec[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson(rec[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function encodeHandle(h: SourceHandle | TargetHandle): string {
  return sortedJson(h).replace(/"/g, 'œ');
}

/** The handle object from its string form; `undefined` when it is not one. */
export function decodeHandle(s: unknown): Record<string, unknown> | undefined {
  if (typeof s !== 'string') return undefined;
  try {
    const v = JSON.parse(s.replace(/œ/g, '"')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The id Langflow's frontend gives a new edge. */
export function edgeId(source: string, sh: SourceHandle, target: string, th: TargetHandle): string {
  return `xy-edge__${source}${encodeHandle(sh)}-${target}${encodeHandle(th)}`;
}
