/**
 * Ranking for the palettes. cmdk's default fuzzy match lets "loop" match "fLOw OutPut"; people type the
 * start of a word, so rank: whole label prefix, then a word prefix, then a substring, else hide.
 */
export function paletteFilter(value: string, search: string, keywords?: string[]): number {
  const q = search.trim().toLowerCase();
  if (!q) return 1;
  const hay = [value, ...(keywords ?? [])].join(' ').toLowerCase();
  if (hay.startsWith(q)) return 1;
  if (hay.split(/[\s._\-/:]+/).some((w) => w.startsWith(q))) return 0.8;
  if (hay.includes(q)) return 0.4;
  return 0;
}
