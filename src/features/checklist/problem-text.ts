/** Checklist problems as text in the UI language. Field labels and validation messages come from the forms layer. */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { pickText, translateMessage, type FieldLanguage } from '../../forms';
import type { FlowIssueCode } from '../../model';
import type { FlowChecklistItem, FlowProblem } from './flow-checklist';

/** Every model issue code has a sentence (the compiler checks the list is complete; a test checks the locales). */
export const ISSUE_KEYS = {
  'dangling-reference': 'issue.dangling-reference',
  'reference-not-before': 'issue.reference-not-before',
  'empty-title': 'issue.empty-title',
  'unclosed-block': 'issue.unclosed-block',
  cycle: 'issue.cycle',
  'duplicate-id': 'issue.duplicate-id',
  'missing-step': 'issue.missing-step',
  'orphan-step': 'issue.orphan-step',
  'invalid-edge': 'issue.invalid-edge',
  'invalid-branch': 'issue.invalid-branch',
  'id-mismatch': 'issue.id-mismatch',
} as const satisfies Record<FlowIssueCode, string>;

export function useProblemText() {
  const { t, i18n } = useTranslation('checklist');
  const { t: tForms } = useTranslation('forms');
  const language: FieldLanguage = i18n.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  const problem = useCallback(
    (p: FlowProblem): string => {
      switch (p.source) {
        case 'params': {
          const field = p.labels.map((l) => pickText(l, language)).join(' › ') || p.path;
          return p.kind === 'missing'
            ? t('problem.missing', { field })
            : t('problem.invalid', { field, message: translateMessage(p.message, tForms, language) });
        }
        case 'flow':
          return t(ISSUE_KEYS[p.code], { defaultValue: p.message });
        case 'code':
          return p.origin === 'test'
            ? t('problem.codeTest', { line: p.line, message: p.message })
            : t('problem.code', { line: p.line, message: p.message });
        case 'module':
          return t('problem.unknownModule', { type: p.moduleType });
        case 'backend':
          return t(`problem.unstorable.${p.code}`);
      }
    },
    [t, tForms, language],
  );
  const title = useCallback(
    (item: FlowChecklistItem): string =>
      item.stepId === null
        ? t('flowLevel')
        : item.title.trim() || pickText(item.moduleName, language) || t('untitled'),
    [t, language],
  );
  return { problem, title, t };
}
