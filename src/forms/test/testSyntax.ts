/**
 * A small `{{...}}` reference syntax for tests, shaped like vFlow's magic variables: `{{steps.<id>.<path>}}`,
 * `{{inputs.<name>}}`, `{{sys.<name>}}`. The real dialects live with the model; forms only see the interface.
 */
import type { FoundReference, ReferenceSyntax, ReferenceTarget, StepNaming } from '../../model/references';
import type { ReferenceContext } from '../references/types';

export const testSyntax: ReferenceSyntax = {
  dialect: 'test',
  trigger: '{{',
  find(text: string): FoundReference[] {
    const out: FoundReference[] = [];
    for (const m of text.matchAll(/\{\{\s*([\w-]+)\.([\w-]+)((?:\.[\w-]+)*)\s*\}\}/g)) {
      const [raw, head, name, rest] = m as unknown as [string, string, string, string];
      const path = rest ? rest.slice(1).split('.') : [];
      let target: ReferenceTarget | undefined;
      if (head === 'steps') {
        const [output, ...deeper] = path;
        target = { kind: 'step', stepId: name, path: output ? [output, ...deeper] : [] };
      } else if (head === 'inputs') target = { kind: 'input', name, path };
      else if (head === 'sys') target = { kind: 'system', name, path };
      if (target) out.push({ target, raw, start: m.index ?? 0, end: (m.index ?? 0) + raw.length });
    }
    return out;
  },
  format(target: ReferenceTarget): string {
    const tail = target.path.length > 0 ? `.${target.path.join('.')}` : '';
    if (target.kind === 'step') return `{{steps.${target.stepId}${tail}}}`;
    if (target.kind === 'input') return `{{inputs.${target.name}${tail}}}`;
    return `{{sys.${target.name}${tail}}}`;
  },
};

export function testNaming(titles: Record<string, string>): StepNaming {
  return {
    titleOf: (id) => titles[id],
    idOfTitle: (title) => Object.entries(titles).find(([, t]) => t === title)?.[0],
  };
}

export function testReferenceContext(): ReferenceContext {
  return {
    syntax: testSyntax,
    naming: testNaming({ http: 'Fetch user', delay: 'Wait', later: 'Later step' }),
    candidates: [
      { kind: 'step', stepId: 'http', stepTitle: 'Fetch user', outputId: 'body', outputLabel: { text: '响应体', en: 'Response Body' }, type: 'string' },
      { kind: 'step', stepId: 'http', stepTitle: 'Fetch user', outputId: 'statusCode', outputLabel: { text: '状态码', en: 'Status Code' }, type: 'number' },
      { kind: 'step', stepId: 'delay', stepTitle: 'Wait', outputId: 'actualDuration', outputLabel: { text: '实际延迟', en: 'Actual delay' }, type: 'number' },
      { kind: 'input', name: 'city', label: { text: 'City' }, type: 'string' },
      { kind: 'system', name: 'current_time', label: { text: '当前时间', en: 'Current time' }, type: 'number' },
    ],
  };
}
