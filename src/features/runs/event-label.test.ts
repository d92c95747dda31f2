import { describe, expect, it } from 'vitest';
import { describeEvent } from './event-label';
import { scriptedRun } from './testing/scripted-run';

// A fake translator that shows the key and its values, so the test reads what was chosen.
const t = (key: string, values?: Record<string, unknown>) => (values ? `${key}(${Object.values(values).join('|')})` : key);
const titleOf = (id: string) => id.toUpperCase();

describe('describeEvent', () => {
  it('names each kind of event', () => {
    const e = scriptedRun({ fail: true }).events;
    const labels = e.map((x) => describeEvent(x, titleOf, t));
    expect(labels[0]).toBe('event.runStarted(manual)');
    expect(labels[1]).toBe('event.stepStarted(START)');
    expect(labels).toContain('event.stepFinishedIteration(EACH|1|stepStatus.succeeded)');
    expect(labels).toContain('event.stepFinished(SAVE|stepStatus.failed)');
    expect(labels).toContain('event.logStep(error|SAVE|disk full)');
    expect(labels.at(-1)).toBe('event.runFinished(status.failed)');
    expect(describeEvent(undefined, titleOf, t)).toBe('replay.atStart');
  });
});
