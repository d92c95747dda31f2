/** Formatting shared by the run panel's tabs. */
export { formatDuration } from './timeline-layout';

export function formatTime(at: number | null | undefined, language: string): string {
  if (at === null || at === undefined) return '–';
  return new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : language, { dateStyle: 'short', timeStyle: 'medium' }).format(at);
}

/** Offset from the run's start, "+1.25 s", for log lines. */
export function formatOffset(at: number, origin: number | null): string {
  if (origin === null) return '';
  const ms = at - origin;
  return ms < 1000 ? `+${Math.max(0, Math.round(ms))} ms` : `+${(ms / 1000).toFixed(2)} s`;
}
