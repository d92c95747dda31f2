/**
 * Texts a backend's descriptor gives (labels, settings titles, info rows): i18n keys of the backend's own
 * namespace `backend-<kind>` (or `connections:` keys), else text as the server gave it.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { DescriptorText } from '../../backends/descriptor';
import { descriptorOf } from '../../backends/kinds';
import { i18next } from '../../i18n';

export type TextOf = (text: DescriptorText | undefined) => string;

export function textResolver(kind: string, t: TFunction, language: string): TextOf {
  const ns = `backend-${kind}`;
  return (text) => {
    if (text === undefined) return '';
    if (typeof text !== 'string') return language.startsWith('zh') ? text.text : (text.en ?? text.text);
    if (text.startsWith('connections:') && i18next.exists(text)) return t(text);
    if (i18next.exists(`${ns}:${text}`)) return t(`${ns}:${text}`);
    return text;
  };
}

/** Resolves a kind's texts in the UI language (re-renders when it changes). */
export function useDescriptorText(kind: string): TextOf {
  const { t, i18n } = useTranslation();
  return textResolver(kind, t, i18n.language ?? 'en');
}

/** A kind's label, outside React (notices, messages). */
export function kindLabel(kind: string): string {
  const d = descriptorOf(kind);
  if (!d) return kind;
  return textResolver(kind, i18next.t.bind(i18next) as TFunction, i18next.language ?? 'en')(d.label);
}
