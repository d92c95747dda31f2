/**
 * The values that travel along edges in the test server's executor, modelled on Langflow's schema types:
 * `Message` (text plus sender, session), `Data` (a dict with a text key) and `DataFrame` (rows of Data).
 */

export interface MessageValue {
  __type: 'Message';
  text: string;
  sender?: string;
  sender_name?: string;
  session_id?: string;
  id?: string;
}

export interface DataValue {
  __type: 'Data';
  data: Record<string, unknown>;
  text_key: string;
}

export interface DataFrameValue {
  __type: 'DataFrame';
  rows: Array<Record<string, unknown>>;
}

export interface LanguageModelValue {
  __type: 'LanguageModel';
  model_name: string;
  temperature: number;
}

export type FlowValue = MessageValue | DataValue | DataFrameValue | LanguageModelValue | string | number | boolean | null | FlowValue[] | { [k: string]: unknown };

export function message(text: string, extra: Partial<MessageValue> = {}): MessageValue {
  return { __type: 'Message', text, ...extra };
}

export function dataValue(data: Record<string, unknown>, textKey = 'text'): DataValue {
  return { __type: 'Data', data, text_key: textKey };
}

function isTagged(v: unknown, t: string): boolean {
  return typeof v === 'object' && v !== null && (v as { __type?: unknown }).__type === t;
}

/** What a component sees as text, whatever it was given (Langflow coerces Message/Data/str the same way). */
export function textOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(textOf).join('\n');
  if (isTagged(v, 'Message')) return (v as MessageValue).text;
  if (isTagged(v, 'Data')) {
    const d = v as DataValue;
    const t = d.data[d.text_key];
    return typeof t === 'string' ? t : JSON.stringify(d.data);
  }
  if (isTagged(v, 'DataFrame')) return (v as DataFrameValue).rows.map((r) => (typeof r.text === 'string' ? r.text : JSON.stringify(r))).join('\n');
  return JSON.stringify(v);
}

export function rowsOf(v: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(v)) return v.flatMap(rowsOf);
  if (isTagged(v, 'DataFrame')) return (v as DataFrameValue).rows;
  if (isTagged(v, 'Data')) return [(v as DataValue).data];
  if (isTagged(v, 'Message')) return [{ text: (v as MessageValue).text }];
  if (v === null || v === undefined || v === '') return [];
  return [{ text: textOf(v) }];
}

/** Langflow's `ResultData.outputs[name]`: `{message, type}` with the type Langflow reports. */
export function outputLog(v: unknown): { message: unknown; type: string } {
  if (isTagged(v, 'Message')) return { message: (v as MessageValue).text, type: 'message' };
  if (isTagged(v, 'Data')) return { message: (v as DataValue).data, type: 'data' };
  if (isTagged(v, 'DataFrame')) return { message: (v as DataFrameValue).rows, type: 'dataframe' };
  if (typeof v === 'string') return { message: v, type: 'text' };
  if (Array.isArray(v)) return { message: v.map((x) => outputLog(x).message), type: 'array' };
  return { message: v, type: 'object' };
}

/** The plain JSON of a value for `results` (Langflow serializes pydantic models to dicts). */
export function serialize(v: unknown): unknown {
  if (isTagged(v, 'Message')) {
    const { __type: _t, ...rest } = v as MessageValue;
    return rest;
  }
  if (isTagged(v, 'Data')) return { data: (v as DataValue).data, text_key: (v as DataValue).text_key };
  if (isTagged(v, 'DataFrame')) return (v as DataFrameValue).rows;
  if (isTagged(v, 'LanguageModel')) {
    const { __type: _t, ...rest } = v as LanguageModelValue;
    return rest;
  }
  if (Array.isArray(v)) return v.map(serialize);
  return v;
}
