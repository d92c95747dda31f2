/** Formatting shared by the run panel's tabs, in the UI language. */
import { i18next } from '../../i18n';

/**
 * "1.25 s", "340 ms", "2 min 5 s" with the units of the UI language ("1.25 秒"). Components that show it
 * call useTranslation, so they re-render when the language changes.
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const t = i18next.getFixedT(null, 'runs');
  if (ms < 1000) return t('units.ms', { value: Math.round(ms) });
  if (ms < 60_000) return t('units.s', { value: (ms / 1000).toFixed(ms < 10_000 ? 2 : 1) });
  return t('units.min', { min: Math.floor(ms / 60_000), s: Math.round((ms % 60_000) / 1000) });
}

export function formatTime(at: number | null | undefined, language: string): string {
  if (at === null || at === undefined) return '–';
  return new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : language, { dateStyle: 'short', timeStyle: 'medium' }).format(at);
}

/** Offset from the run's start, "+1.25 s", for log lines. */
export function formatOffset(at: number, origin: number | null): string {
  if (origin === null) return '';
  const ms = at - origin;
  return `+${formatDuration(Math.max(0, ms))}`;
}
