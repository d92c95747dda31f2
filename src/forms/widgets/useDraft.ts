import { useState } from 'react';

/**
 * Local text for an input whose value is parsed (numbers, JSON, key-value rows): typing `1.` or `{"a":`
 * must not be overwritten by the parsed value. The draft resets only when the value changes from outside.
 */
export function useDraft<D>(value: unknown, toDraft: (value: unknown) => D): [D, (draft: D, emitted: unknown) => void] {
  const [draft, setDraft] = useState<D>(() => toDraft(value));
  const [seen, setSeen] = useState<unknown>(value);
  if (!Object.is(seen, value)) {
    setSeen(value);
    setDraft(toDraft(value));
  }
  const commit = (next: D, emitted: unknown) => {
    setDraft(next);
    setSeen(emitted);
  };
  return [draft, commit];
}
