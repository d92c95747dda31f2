// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { createEditorStore } from '../../editor/store';
import { emptyFlow } from '../../model/flow';
import { runViewOf } from './run-view';

const editor = () => createEditorStore({ flow: emptyFlow('f', 'F'), baseRevision: null });

describe('run panel layout across reloads', () => {
  beforeEach(() => localStorage.clear());

  it('starts on Steps, unfolded, and comes back with the tab and fold last chosen', () => {
    expect(runViewOf(editor()).getState()).toMatchObject({ tab: 'steps', collapsed: false });
    runViewOf(editor()).setState({ tab: 'history', collapsed: true });
    expect(runViewOf(editor()).getState()).toMatchObject({ tab: 'history', collapsed: true });
  });

  it('ignores what it does not understand', () => {
    localStorage.setItem('flowbench.runPanel', '{"tab":"nope","collapsed":"yes"}');
    expect(runViewOf(editor()).getState()).toMatchObject({ tab: 'steps', collapsed: false });
    localStorage.setItem('flowbench.runPanel', 'not json');
    expect(runViewOf(editor()).getState()).toMatchObject({ tab: 'steps', collapsed: false });
  });
});
