/** The app theme (`<html data-theme>`), read as a React external store so the editor follows switches. */
import { useSyncExternalStore } from 'react';

export type AppTheme = 'light' | 'dark';

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

const read = (): AppTheme => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');

export function useAppTheme(): AppTheme {
  return useSyncExternalStore(subscribe, read, () => 'light');
}

/** Monaco's built-in theme for the app theme. */
export function monacoTheme(theme: AppTheme): 'vs' | 'vs-dark' {
  return theme === 'dark' ? 'vs-dark' : 'vs';
}
