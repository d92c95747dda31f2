/**
 * How a step looks in every view (canvas node, list row, palette): its icon and a one-line summary of its
 * parameters. Steps are generic (module + params), so this is keyed by kind and module category, not by a
 * hand-written component per module.
 */
import type { Step, StepKind } from '../model/flow';
import type { ModuleDefinition } from '../model/modules';

const KIND_ICONS: Record<StepKind, string> = { trigger: '⚡', action: '▸', if: '◇', loop: '↻' };

const CATEGORY_ICONS: Record<string, string> = {
  trigger: '⚡',
  logic: '◇',
  data: '▤',
  network: '⇅',
  code: 'ƒ',
  system: '⚙',
  file: '🗎',
  output: '⇥',
  text: '✎',
};

/**
 * Function steps hold a JavaScript function body; only they get the typed code editor. Other JavaScript
 * fields (if and loop conditions) are expressions with `{{...}}` references, which TypeScript would
 * reject.
 */
export function isFunctionModule(module: Pick<ModuleDefinition, 'id'> | undefined): boolean {
  return !!module && /(^|[._:-])function$/.test(module.id);
}

export function iconFor(step: Pick<Step, 'kind'>, module?: ModuleDefinition): string {
  if (step.kind !== 'action') return KIND_ICONS[step.kind];
  if (isFunctionModule(module)) return 'ƒ';
  return (module && CATEGORY_ICONS[module.category]) ?? KIND_ICONS.action;
}

function short(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text === undefined) return '';
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** A short summary of the first parameters that have a value, e.g. `GET https://…`. */
export function summaryOf(step: Step, maxLength = 48): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(step.params)) {
    if (value === undefined || value === null || value === '') continue;
    if (key === 'code') {
      parts.push(short(String(value).split('\n').find((l) => l.trim()) ?? '', 32));
    } else {
      parts.push(short(value, 32));
    }
    if (parts.join(' · ').length >= maxLength) break;
  }
  return short(parts.join(' · '), maxLength);
}

/**
 * The name a step is shown by: its own title, else its module's name in the UI language (vFlow steps carry
 * no titles), else its module id.
 */
export function stepDisplayTitle(step: Pick<Step, 'title' | 'type'>, module: ModuleDefinition | undefined, language: 'en' | 'zh'): string {
  if (step.title) return step.title;
  if (module) return language === 'en' ? (module.name.en ?? module.name.text) : module.name.text;
  return step.type;
}
