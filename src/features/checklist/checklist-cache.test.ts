import { describe, expect, it } from 'vitest';
import { BUILTIN_MODULES } from '../../backends/local/modules';
import { emptyFlow } from '../../model/flow';
import { localSyntax, setParam } from '../../model';
import { setPositions } from '../../model/ops-fields';
import { checklistOf, checklistStats } from './useChecklist';

function flow() {
  const f = emptyFlow('f', 'Flow');
  f.steps.fetch = {
    id: 'fetch',
    kind: 'action',
    type: 'core.http_request',
    title: 'Fetch',
    params: { method: 'GET' },
  };
  f.root = ['fetch'];
  return f;
}

describe('checklistOf', () => {
  it('computes once per flow document, whoever asks (equal details maps count as the same)', () => {
    const f = flow();
    const code = {};
    const a = checklistOf(f, { syntax: localSyntax, modules: BUILTIN_MODULES, details: new Map(), code });
    const b = checklistOf(f, { syntax: localSyntax, modules: BUILTIN_MODULES, details: new Map(), code });
    expect(b).toBe(a);
    expect(a.errorCount).toBe(1);
    // A new document (an edit) or new code problems recompute.
    const edited = setParam(f, 'fetch', 'url', 'https://x.test');
    expect(
      checklistOf(edited, { syntax: localSyntax, modules: BUILTIN_MODULES, details: new Map(), code })
        .errorCount,
    ).toBe(0);
    expect(
      checklistOf(f, { syntax: localSyntax, modules: BUILTIN_MODULES, details: new Map(), code: {} }),
    ).not.toBe(a);
  });

  it('a drag (positions only) recomputes nothing; a param edit does', () => {
    const f = flow();
    const inputs = { syntax: localSyntax, modules: BUILTIN_MODULES, details: new Map(), code: {} };
    const a = checklistOf(f, inputs);
    const before = checklistStats.computations;
    let moved = f;
    for (let i = 0; i < 20; i++) moved = setPositions(moved, { fetch: { x: i, y: i } });
    expect(checklistOf(moved, inputs)).toBe(a);
    expect(checklistStats.computations).toBe(before);
    checklistOf(setParam(moved, 'fetch', 'url', 'https://x.test'), inputs);
    expect(checklistStats.computations).toBe(before + 1);
  });
});
