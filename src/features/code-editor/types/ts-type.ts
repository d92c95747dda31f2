/**
 * A tiny type IR and its printer: the generators below build `TsType` trees (from module value types, JSON
 * Schema and real JSON values) and `printType` writes them as TypeScript declaration text.
 *
 * Why an IR rather than string concatenation: unions need de-duplication and parenthesising inside arrays,
 * and objects need indentation that depends on where they end up.
 */

export interface TsProperty {
  name: string;
  type: TsType;
  optional?: boolean;
  readonly?: boolean;
  /** Becomes a JSDoc comment: hover and completion details show it. */
  doc?: string;
}

export type TsType =
  | {
      kind: 'keyword';
      name: 'any' | 'unknown' | 'string' | 'number' | 'boolean' | 'null' | 'undefined' | 'never';
    }
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'raw'; text: string }
  | { kind: 'array'; item: TsType }
  | { kind: 'object'; properties: TsProperty[]; index?: TsType }
  | { kind: 'union'; members: TsType[] }
  | { kind: 'intersection'; members: TsType[] };

export const ANY: TsType = { kind: 'keyword', name: 'any' };
export const STRING: TsType = { kind: 'keyword', name: 'string' };
export const NUMBER: TsType = { kind: 'keyword', name: 'number' };
export const BOOLEAN: TsType = { kind: 'keyword', name: 'boolean' };
export const NULL: TsType = { kind: 'keyword', name: 'null' };

export const keyword = (name: Extract<TsType, { kind: 'keyword' }>['name']): TsType => ({
  kind: 'keyword',
  name,
});
export const arrayOf = (item: TsType): TsType => ({ kind: 'array', item });
export const objectOf = (properties: TsProperty[], index?: TsType): TsType =>
  index ? { kind: 'object', properties, index } : { kind: 'object', properties };
export const raw = (text: string): TsType => ({ kind: 'raw', text });

/** A union with duplicates removed (by printed form); `any` swallows the rest; one member is itself. */
export function unionOf(members: TsType[]): TsType {
  const flat: TsType[] = [];
  for (const m of members) {
    if (m.kind === 'union') flat.push(...m.members);
    else flat.push(m);
  }
  if (flat.some((m) => m.kind === 'keyword' && m.name === 'any')) return ANY;
  const seen = new Set<string>();
  const out: TsType[] = [];
  for (const m of flat) {
    const key = printType(m);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  if (out.length === 0) return keyword('never');
  return out.length === 1 ? (out[0] as TsType) : { kind: 'union', members: out };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A property name as it may appear in a type literal: bare when it is an identifier, quoted otherwise. */
export function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** A JSDoc block; `*\/` inside the text cannot end it early. */
export function docComment(text: string, indent: string): string {
  const lines = text.replace(/\*\//g, '*\\/').split(/\r?\n/);
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

function needsParens(t: TsType): boolean {
  return t.kind === 'union' || t.kind === 'intersection';
}

export function printType(t: TsType, indent = ''): string {
  switch (t.kind) {
    case 'keyword':
      return t.name;
    case 'literal':
      return typeof t.value === 'string' ? JSON.stringify(t.value) : String(t.value);
    case 'raw':
      return t.text;
    case 'array': {
      const item = printType(t.item, indent);
      return needsParens(t.item) ? `Array<${item}>` : `${item}[]`;
    }
    case 'union':
      return t.members.map((m) => printType(m, indent)).join(' | ');
    case 'intersection':
      return t.members
        .map((m) => (m.kind === 'union' ? `(${printType(m, indent)})` : printType(m, indent)))
        .join(' & ');
    case 'object': {
      if (t.properties.length === 0 && !t.index) return '{}';
      if (t.properties.length === 0 && t.index) return `Record<string, ${printType(t.index, indent)}>`;
      const inner = `${indent}  `;
      let out = '{\n';
      for (const p of t.properties) {
        if (p.doc) out += docComment(p.doc, inner);
        out += `${inner}${p.readonly ? 'readonly ' : ''}${propertyName(p.name)}${p.optional ? '?' : ''}: ${printType(p.type, inner)};\n`;
      }
      if (t.index) out += `${inner}[key: string]: ${printType(t.index, inner)};\n`;
      return `${out}${indent}}`;
    }
  }
}
