/**
 * Composition root: i18n, theme, the query client, the active backend, and the shell.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import '../i18n';
import './theme.css';
import './app.css';
import { BackendProvider } from '../shell/backend-context';
import { useActiveBackend } from './active-backend';
import { Shell } from './Shell';
import { applyTheme, initialTheme, type Theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 1 } },
});

export function App() {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => applyTheme(theme), [theme]);
  const adapter = useActiveBackend();
  return (
    <QueryClientProvider client={queryClient}>
      {adapter && (
        <BackendProvider adapter={adapter}>
          <Shell theme={theme} onThemeChange={setTheme} />
        </BackendProvider>
      )}
    </QueryClientProvider>
  );
}
