/** Step naming for reference syntaxes that refer to steps by title (viaSocket) as well as by id. */
import { useMemo } from 'react';
import { useEditorStore } from '../../editor/context';
import type { StepNaming } from '../../model/references';

export function useStepNaming(): StepNaming {
  const store = useEditorStore();
  return useMemo(
    () => ({
      titleOf: (id) => store.getState().flow.steps[id]?.title,
      idOfTitle: (title) => Object.values(store.getState().flow.steps).find((s) => s.title === title)?.id,
    }),
    [store],
  );
}
