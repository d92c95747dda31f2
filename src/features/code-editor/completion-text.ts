/**
 * Text rules of code completion, kept apart from Monaco so they can be tested: which word the user is
 * typing, and how a member that is not an identifier (a step id with `-`) is inserted.
 */

/**
 * The word being completed, ending at the cursor. Normally an identifier run; after a member access it may
 * contain `-`, because step ids do (`steps.step_V1St-G`), and the whole id must be replaced.
 */
export function typedWord(lineBefore: string): string {
  const hyphenated = /(?:\?\.|\.)([\w$]+-[\w$-]*)$/.exec(lineBefore);
  if (hyphenated?.[1]) return hyphenated[1];
  return /[\w$]*$/.exec(lineBefore)?.[0] ?? '';
}

/**
 * Where a non-identifier member goes: the access (`.` or `?.`) right before the typed word is replaced by
 * `["name"]` / `?.["name"]`. `wordStartColumn` is 1-based. Null when the word does not follow an access.
 */
export function bracketAccess(
  lineBefore: string,
  wordStartColumn: number,
  name: string,
): { text: string; startColumn: number } | null {
  const before = lineBefore.slice(0, wordStartColumn - 1);
  const m = /(\?\.|\.)$/.exec(before);
  if (!m?.[1]) return null;
  const access = `[${JSON.stringify(name)}]`;
  return { text: m[1] === '?.' ? `?.${access}` : access, startColumn: wordStartColumn - m[1].length };
}

/**
 * A member access on one of the roots whose keys may not be identifiers (`steps.`, `context.res.`), ending
 * at the cursor: the root and the partly typed key. TypeScript leaves such keys out of its completions when
 * asked without `includeCompletionsWithInsertText` (Monaco never passes preferences), so the editor adds them.
 */
export function memberAccessAt(
  lineBefore: string,
  roots: readonly string[],
): { root: string; typed: string } | null {
  for (const root of roots) {
    const escaped = root.replace(/[.$]/g, (c) => `\\${c}`);
    const m = new RegExp(`(?:^|[^\\w$.])${escaped}\\??\\.([\\w$-]*)$`).exec(lineBefore);
    if (m) return { root, typed: m[1] ?? '' };
  }
  return null;
}
