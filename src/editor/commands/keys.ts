/** Shortcut strings (`Mod+Shift+Z`) matched against keyboard events, and shown per platform. */

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export function matchesShortcut(e: KeyLike, shortcut: string, mac = isMac): boolean {
  const parts = shortcut.split('+');
  const key = parts.pop() ?? '';
  const want = new Set(parts);
  const mod = mac ? e.metaKey : e.ctrlKey;
  if (want.has('Mod') !== mod) return false;
  if (!want.has('Mod') && (e.ctrlKey || e.metaKey)) return false;
  if (want.has('Shift') !== e.shiftKey) return false;
  if (want.has('Alt') !== e.altKey) return false;
  const pressed = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return pressed === (key.length === 1 ? key.toLowerCase() : key);
}

/** Keys shown by their symbol. */
const KEY_LABELS: Record<string, string> = { ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', Escape: 'Esc' };

/**
 * A shortcut as the user reads it. A symbol typed with Shift (`?`, `!`) is shown as the symbol alone: "?",
 * not "Shift+?", because that is the key the user presses.
 */
export function formatShortcut(shortcut: string, mac = isMac): string {
  const parts = shortcut.split('+');
  const key = parts.pop() ?? '';
  const shiftedSymbol = key.length === 1 && !/[\p{L}\p{N}\s]/u.test(key);
  const mods = parts.filter((p) => !(p === 'Shift' && shiftedSymbol));
  return [...mods, key]
    .map((p) =>
      p === 'Mod' ? (mac ? '⌘' : 'Ctrl') : p === 'Shift' ? (mac ? '⇧' : 'Shift') : p === 'Alt' ? (mac ? '⌥' : 'Alt') : (KEY_LABELS[p] ?? p),
    )
    .join(mac ? '' : '+');
}
