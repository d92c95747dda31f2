/** One line that says what a trace event did, for the replay scrubber ("Save report finished: failed"). */
import type { TraceEvent } from '../../backends/trace';

type Translate = (key: string, values?: Record<string, unknown>) => string;

export function describeEvent(e: TraceEvent | undefined, titleOf: (stepId: string) => string, t: Translate): string {
  if (!e) return t('replay.atStart');
  switch (e.type) {
    case 'run-started':
      return t('event.runStarted', { trigger: e.trigger });
    case 'step-started':
      return e.iteration.length > 0
        ? t('event.stepStartedIteration', { step: titleOf(e.stepId), iteration: e.iteration.join('.') })
        : t('event.stepStarted', { step: titleOf(e.stepId) });
    case 'step-finished': {
      const status = t(`stepStatus.${e.status}`);
      return e.iteration.length > 0
        ? t('event.stepFinishedIteration', { step: titleOf(e.stepId), iteration: e.iteration.join('.'), status })
        : t('event.stepFinished', { step: titleOf(e.stepId), status });
    }
    case 'step-chunk':
      return t('event.stepChunk', { step: titleOf(e.stepId) });
    case 'step-status':
      return t('event.stepStatus', { step: titleOf(e.stepId), text: e.text });
    case 'log': {
      const message = e.message.length > 80 ? `${e.message.slice(0, 80)}…` : e.message;
      return e.stepId ? t('event.logStep', { level: e.level, step: titleOf(e.stepId), message }) : t('event.log', { level: e.level, message });
    }
    case 'run-finished':
      return t('event.runFinished', { status: t(`status.${e.status}`) });
    case 'step-paused':
      return t('debugger:event.paused', { step: titleOf(e.stepId) });
    case 'step-resumed':
      return t('debugger:event.resumed', { step: titleOf(e.stepId), command: t(`debugger:command.${e.command}`) });
  }
}
