/**
 * English labels for the inputs of vFlow's documented modules (seed 001's module list). The input-schema
 * endpoint gives one `label`, in the device's language (Chinese on the test server and most devices); the
 * module detail often has `labelEn` too. An English UI takes, in order: the schema entry's own `labelEn`,
 * the detail's `labelEn` for the same key, this table, and only then the server's label.
 */
import type { VflowModuleDetail } from './schemas';

const DOCUMENTED: Record<string, Record<string, string>> = {
  http_request: { url: 'URL', method: 'Method', headers: 'Headers', body: 'Body', timeout: 'Timeout' },
  delay: { duration: 'Duration (ms)' },
  log: { message: 'Message', level: 'Level' },
  throw_error: { message: 'Error message' },
  show_toast: { message: 'Message' },
  set_variable: { name: 'Name', value: 'Value' },
  if_condition: { condition: 'Condition' },
  loop: { count: 'Count' },
};

/** The English label of a module's input, if one is known. */
function englishLabel(moduleId: string, key: string, detail?: Pick<VflowModuleDetail, 'inputs'>): string | undefined {
  const fromDetail = detail?.inputs.find((i) => i.id === key)?.labelEn;
  return (typeof fromDetail === 'string' && fromDetail) || DOCUMENTED[moduleId]?.[key];
}

/** Input-schema entries with `labelEn` filled where the server left it out. */
export function withEnglishLabels<T extends { key: string; labelEn?: unknown }>(moduleId: string, entries: readonly T[], detail?: Pick<VflowModuleDetail, 'inputs'>): T[] {
  return entries.map((e) => {
    if (typeof e.labelEn === 'string' && e.labelEn) return e;
    const en = englishLabel(moduleId, e.key, detail);
    return en ? { ...e, labelEn: en } : e;
  });
}

/** Module-detail inputs with `labelEn` from the table where the server left it out. */
export function inputsWithEnglishLabels<T extends { id: string; labelEn?: unknown }>(moduleId: string, inputs: readonly T[]): T[] {
  return inputs.map((i) => {
    if (typeof i.labelEn === 'string' && i.labelEn) return i;
    const en = englishLabel(moduleId, i.id);
    return en ? { ...i, labelEn: en } : i;
  });
}
