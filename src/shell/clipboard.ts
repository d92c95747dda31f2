/**
 * The system clipboard, with a same-origin fallback: when the browser refuses clipboard access (no
 * permission, insecure context), copied steps still move between two tabs of Flowbench through
 * localStorage.
 */
const FALLBACK_KEY = 'flowbench.clipboard';

export async function writeClipboard(text: string): Promise<void> {
  try {
    localStorage.setItem(FALLBACK_KEY, text);
  } catch {
    // Storage full or disabled: the system clipboard below may still work.
  }
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Permission refused: the fallback above carries the copy.
  }
}

export async function readClipboard(): Promise<string> {
  try {
    const text = await navigator.clipboard.readText();
    if (text) return text;
  } catch {
    // Fall through to the same-origin copy.
  }
  return localStorage.getItem(FALLBACK_KEY) ?? '';
}
