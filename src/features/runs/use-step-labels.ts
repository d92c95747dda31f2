/**
 * What the run panel calls a step: its title (or its module's name when untitled), and, when another step has
 * the same title, where it sits ("Log (else of Check, step 1)"), so two rows never read the same.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditorShallow } from '../../editor/context';
import type { StepId } from '../../model/flow';
import { useModules } from '../../queries/hooks';
import { stepDisplayTitle } from '../../step-types/presentation';
import { duplicatePlaces, flowOrder } from './step-order';

export interface StepLabels {
  /** The label of a step; a step the flow no longer has is named by its id. */
  label(id: StepId): string;
  /** Every step of the flow in reading order. */
  order: StepId[];
}

export function useStepLabels(): StepLabels {
  const { t, i18n } = useTranslation('runs');
  const { structure, root, steps, edges } = useEditorShallow((s) => ({
    structure: s.flow.structure,
    root: s.flow.root,
    steps: s.flow.steps,
    edges: s.flow.edges,
  }));
  const modules = useModules().data;
  const language = i18n.language === 'zh' ? 'zh' : 'en';
  return useMemo(() => {
    const flow = { structure, root, steps, edges };
    const byId = new Map((modules ?? []).map((m) => [m.id, m]));
    const titleOf = (id: StepId) => {
      const step = steps[id];
      return step ? stepDisplayTitle(step, byId.get(step.type), language) : id;
    };
    const places = duplicatePlaces(flow, titleOf);
    const label = (id: StepId) => {
      const title = titleOf(id);
      const place = places.get(id);
      if (!place) return title;
      const where =
        place.parent === null || place.branch === null
          ? t('stepLabel.top', { position: place.position })
          : t('stepLabel.inBranch', {
              branch: t(`stepLabel.branch.${place.branch}`),
              parent: titleOf(place.parent),
              position: place.position,
            });
      return t('stepLabel.withPlace', { title, place: where });
    };
    return { label, order: flowOrder(flow) };
  }, [structure, root, steps, edges, modules, language, t]);
}
