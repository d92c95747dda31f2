/**
 * TypeScript types from the outside world: a module's declared value type, a JSON Schema, and a real JSON
 * value from the last run. Real values can be huge (an HTTP body, a 10 000-row list), so inference is capped
 * in depth, keys, sampled array items and total nodes; whatever is beyond a cap becomes `any`, which keeps
 * completion useful without ever producing a declaration file bigger than the editor wants to parse.
 */
import type { ValueType } from '../../../model/modules';
import {
  ANY,
  arrayOf,
  BOOLEAN,
  keyword,
  NULL,
  NUMBER,
  objectOf,
  STRING,
  unionOf,
  type TsProperty,
  type TsType,
} from './ts-type';

export interface InferLimits {
  /** Nesting levels described; deeper values are `any`. */
  depth: number;
  /** Keys described per object; the rest are covered by an index signature. */
  keys: number;
  /** Array items sampled to find the item type. */
  arrayItems: number;
  /** Type nodes in total for one value; once spent, the rest is `any`. */
  nodes: number;
}

export const DEFAULT_LIMITS: InferLimits = { depth: 5, keys: 50, arrayItems: 20, nodes: 600 };

/** The TypeScript type of a module input/output `ValueType`. */
export function typeOfValueType(t: ValueType | string | undefined): TsType {
  switch (t) {
    case 'string':
      return STRING;
    case 'number':
      return NUMBER;
    case 'boolean':
      return BOOLEAN;
    case 'list':
      return arrayOf(ANY);
    case 'dictionary':
    case 'object':
      return objectOf([], ANY);
    default:
      return ANY;
  }
}

/** Infers a type from a JSON value (what a step really returned). */
export function typeOfValue(value: unknown, limits: InferLimits = DEFAULT_LIMITS): TsType {
  let budget = limits.nodes;
  const visit = (v: unknown, depth: number): TsType => {
    if (budget-- <= 0) return ANY;
    if (v === null) return NULL;
    switch (typeof v) {
      case 'string':
        return STRING;
      case 'number':
      case 'bigint':
        return NUMBER;
      case 'boolean':
        return BOOLEAN;
      case 'undefined':
        return keyword('undefined');
      case 'object':
        break;
      default:
        return ANY;
    }
    if (depth >= limits.depth) return ANY;
    if (Array.isArray(v)) {
      if (v.length === 0) return arrayOf(ANY);
      const items = v.slice(0, limits.arrayItems).map((x) => visit(x, depth + 1));
      return arrayOf(mergeObjectItems(items));
    }
    const entries = Object.entries(v as Record<string, unknown>);
    const props: TsProperty[] = entries
      .slice(0, limits.keys)
      .map(([name, x]) => ({ name, type: visit(x, depth + 1) }));
    return objectOf(props, entries.length > limits.keys ? ANY : undefined);
  };
  return visit(value, 0);
}

/**
 * Items of one list are usually records of one shape with a few optional fields; a union of near-identical
 * object types would make completion offer nothing common, so objects are merged into one type whose
 * properties missing from some items are optional.
 */
function mergeObjectItems(items: TsType[]): TsType {
  const objects = items.filter((t): t is Extract<TsType, { kind: 'object' }> => t.kind === 'object');
  if (objects.length < 2) return unionOf(items);
  const names: string[] = [];
  const byName = new Map<string, TsType[]>();
  for (const o of objects) {
    for (const p of o.properties) {
      if (!byName.has(p.name)) {
        byName.set(p.name, []);
        names.push(p.name);
      }
      byName.get(p.name)?.push(p.type);
    }
  }
  const merged = objectOf(
    names.map((name) => {
      const types = byName.get(name) ?? [];
      return { name, type: unionOf(types), optional: types.length < objects.length };
    }),
    objects.some((o) => o.index) ? ANY : undefined,
  );
  return unionOf([merged, ...items.filter((t) => t.kind !== 'object')]);
}

type Schema = Record<string, unknown>;

const isSchema = (x: unknown): x is Schema => !!x && typeof x === 'object' && !Array.isArray(x);

/** The type a JSON Schema describes (the subset modules use: types, properties, items, enum, const, unions). */
export function typeOfSchema(schema: unknown, limits: InferLimits = DEFAULT_LIMITS): TsType {
  let budget = limits.nodes;
  const visit = (s: unknown, depth: number): TsType => {
    if (budget-- <= 0 || !isSchema(s) || depth > limits.depth) return ANY;
    if ('const' in s) return literalOrAny(s.const);
    if (Array.isArray(s.enum)) return unionOf(s.enum.map(literalOrAny));
    for (const key of ['anyOf', 'oneOf'] as const) {
      const list = s[key];
      if (Array.isArray(list)) return unionOf(list.map((x) => visit(x, depth + 1)));
    }
    if (Array.isArray(s.allOf)) {
      const members = s.allOf.map((x) => visit(x, depth + 1));
      return members.length === 1 ? (members[0] as TsType) : { kind: 'intersection', members };
    }
    const type = s.type;
    if (Array.isArray(type)) return unionOf(type.map((t) => visit({ ...s, type: t }, depth)));
    switch (type) {
      case 'string':
        return STRING;
      case 'number':
      case 'integer':
        return NUMBER;
      case 'boolean':
        return BOOLEAN;
      case 'null':
        return NULL;
      case 'array':
        return arrayOf(
          Array.isArray(s.items)
            ? unionOf(s.items.map((x) => visit(x, depth + 1)))
            : s.items
              ? visit(s.items, depth + 1)
              : ANY,
        );
      case 'object':
      case undefined: {
        if (type === undefined && !isSchema(s.properties)) return ANY;
        const required = new Set(
          Array.isArray(s.required) ? s.required.filter((x): x is string => typeof x === 'string') : [],
        );
        const props: TsProperty[] = [];
        const properties = isSchema(s.properties) ? Object.entries(s.properties) : [];
        for (const [name, ps] of properties.slice(0, limits.keys)) {
          const doc = isSchema(ps)
            ? [ps.title, ps.description]
                .filter((x): x is string => typeof x === 'string' && x !== '')
                .join(': ')
            : '';
          props.push({
            name,
            type: visit(ps, depth + 1),
            optional: !required.has(name),
            ...(doc ? { doc } : {}),
          });
        }
        // Extra keys are typed only when the schema types them or lists no properties at all: an `any` index
        // signature on a described object would hide every misspelt property name.
        const extra = s.additionalProperties;
        let index: TsType | undefined;
        if (properties.length > limits.keys || (props.length === 0 && extra !== false && !isSchema(extra)))
          index = ANY;
        else if (isSchema(extra)) index = visit(extra, depth + 1);
        return objectOf(props, index);
      }
      default:
        return ANY;
    }
  };
  return visit(schema, 0);
}

function literalOrAny(v: unknown): TsType {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    return { kind: 'literal', value: v };
  if (v === null) return NULL;
  return ANY;
}
