/**
 * A read-only Monaco view of a text the user looks at before downloading it (a server's generated Python).
 * Its own model per mount (no path, not kept), no typings, no completion: only highlighting, search and
 * selection. Part of the lazy editor chunk.
 */
import { Editor } from '@monaco-editor/react';
import type { ReactNode } from 'react';
import './setup';
import './monaco.css';

export interface ReadOnlyCodeProps {
  value: string;
  /** Monaco language id. */
  language: string;
  ariaLabel: string;
  theme: 'vs' | 'vs-dark';
  loading: ReactNode;
}

export default function ReadOnlyCode({ value, language, ariaLabel, theme, loading }: ReadOnlyCodeProps) {
  return (
    <div className="fb-code-view" data-testid="code-view" data-language={language}>
      <Editor
        value={value}
        language={language}
        theme={theme}
        loading={loading}
        options={{
          readOnly: true,
          domReadOnly: true,
          editContext: false,
          ariaLabel,
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 13,
          lineNumbersMinChars: 3,
          renderLineHighlight: 'none',
          stickyScroll: { enabled: false },
          stopRenderingLineAfter: 10_000,
        }}
      />
    </div>
  );
}
