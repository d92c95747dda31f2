/**
 * A read-only code view for dialogs (a server's export shown before it is downloaded). Monaco loads lazily;
 * until it does, and if it cannot, the text is shown as plain preformatted text, so it is always readable.
 * Import this file directly: the code-editor index pulls in the step editor.
 */
import { lazy, Suspense } from 'react';
import { LoadErrorBoundary } from './ErrorBoundary';
import { monacoTheme, useAppTheme } from './theme';
import './code-view.css';

const ReadOnlyCode = lazy(() => import('./monaco/ReadOnlyCode'));

export interface CodeViewProps {
  value: string;
  language: string;
  ariaLabel: string;
}

export function CodeView({ value, language, ariaLabel }: CodeViewProps) {
  const theme = monacoTheme(useAppTheme());
  const plain = (
    <pre className="fb-code-view fb-code-view--plain" tabIndex={0} aria-label={ariaLabel} data-testid="code-view-plain">
      {value}
    </pre>
  );
  return (
    <LoadErrorBoundary fallback={() => plain}>
      <Suspense fallback={plain}>
        <ReadOnlyCode value={value} language={language} ariaLabel={ariaLabel} theme={theme} loading={plain} />
      </Suspense>
    </LoadErrorBoundary>
  );
}
