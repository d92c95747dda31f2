/**
 * The example gallery's flows, built fresh each time one is opened (a new id, so opening one twice gives two
 * flows). Pure: given the backend's reference syntax, this page's origin and a translate function.
 *
 * Examples are made of the embedded engine's built-in modules; the gallery offers an example only when the
 * active backend lists every module it uses (`modules`), so no backend is named here. References are written
 * with the backend's own syntax (`syntax.format`), never spelled out.
 *
 * The HTTP chain calls sample files this app serves itself (`public/examples/`), on the page's own origin: it
 * works offline and never leaves the machine. Its description says so, and how to point it at a real API.
 */
import { emptyFlow, type Flow, type Step, type StepId } from '../../model/flow';
import type { ReferenceSyntax } from '../../model/references';
import { namingOf } from '../../model/references/shared';

export type ExampleId = 'http-chain' | 'typed-function' | 'branches-loop' | 'failing-step' | 'big-flow';

export interface ExampleContext {
  flowId: string;
  syntax: ReferenceSyntax;
  /** `window.location.origin`: the HTTP chain's sample files live there. */
  origin: string;
  /** Translates keys of the `examples` namespace (step titles, messages). */
  t: (key: string, values?: Record<string, unknown>) => string;
}

export interface ExampleDefinition {
  id: ExampleId;
  /** Module ids the example's steps use; the gallery hides it unless the backend has them all. */
  modules: string[];
  stepCount: number;
  build(ctx: ExampleContext): Flow;
}

/** One block flow under construction: steps in order, nested through `branches`. */
class FlowBuilder {
  readonly flow: Flow;
  constructor(
    private readonly ctx: ExampleContext,
    id: ExampleId,
  ) {
    this.flow = emptyFlow(ctx.flowId, ctx.t(`${id}.name`), ctx.syntax.dialect);
    this.flow.description = ctx.t(`${id}.description`);
    this.flow.tags = ['example'];
  }
  /** A reference to an earlier step's output, in the backend's syntax (by id or by title, as it refers). */
  ref(stepId: StepId, ...path: string[]): string {
    return this.ctx.syntax.format({ kind: 'step', stepId, path }, namingOf(this.flow));
  }
  add(step: Omit<Step, 'params'> & { params?: Step['params'] }, into: StepId[] = this.flow.root): StepId {
    this.flow.steps[step.id] = { params: {}, ...step };
    into.push(step.id);
    return step.id;
  }
}

/**
 * A translated text with references filled in. Not through i18next's own interpolation: it would read the
 * `{{…}}` of an inserted reference as one more placeholder. The texts mark their slots `%name%`.
 */
const fill = (ctx: ExampleContext, key: string, values: Record<string, string>) =>
  ctx.t(key).replace(/%(\w+)%/g, (m, name: string) => values[name] ?? m);

const trigger = (ctx: ExampleContext) => ({
  id: 'start',
  kind: 'trigger' as const,
  type: 'core.manual_trigger',
  title: ctx.t('stepTitles.start'),
});

const httpChain: ExampleDefinition = {
  id: 'http-chain',
  modules: ['core.manual_trigger', 'core.http_request', 'core.text_template', 'core.log'],
  stepCount: 5,
  build(ctx) {
    const b = new FlowBuilder(ctx, 'http-chain');
    b.add(trigger(ctx));
    b.add({
      id: 'fetch_customer',
      kind: 'action',
      type: 'core.http_request',
      title: ctx.t('stepTitles.fetchCustomer'),
      params: {
        method: 'GET',
        url: `${ctx.origin}/examples/customer.json`,
        timeoutSeconds: 10,
        failOnHttpError: true,
      },
    });
    b.add({
      id: 'fetch_orders',
      kind: 'action',
      type: 'core.http_request',
      title: ctx.t('stepTitles.fetchOrders'),
      params: {
        method: 'GET',
        url: `${ctx.origin}/examples/orders/${b.ref('fetch_customer', 'body', 'id')}.json`,
        timeoutSeconds: 10,
        failOnHttpError: true,
      },
    });
    b.add({
      id: 'summary',
      kind: 'action',
      type: 'core.text_template',
      title: ctx.t('stepTitles.summary'),
      params: {
        template: fill(ctx, 'http-chain.template', {
          name: b.ref('fetch_customer', 'body', 'name'),
          first: b.ref('fetch_orders', 'body', '0', 'id'),
          total: b.ref('fetch_orders', 'body', '0', 'total'),
        }),
      },
    });
    b.add({
      id: 'log_summary',
      kind: 'action',
      type: 'core.log',
      title: ctx.t('stepTitles.logSummary'),
      params: { level: 'info', message: b.ref('summary', 'text') },
    });
    return b.flow;
  },
};

const typedFunction: ExampleDefinition = {
  id: 'typed-function',
  modules: ['core.manual_trigger', 'core.json_parse', 'core.function'],
  stepCount: 3,
  build(ctx) {
    const b = new FlowBuilder(ctx, 'typed-function');
    b.add(trigger(ctx));
    b.add({
      id: 'customer',
      kind: 'action',
      type: 'core.json_parse',
      title: ctx.t('stepTitles.customer'),
      params: {
        text: JSON.stringify(
          {
            name: 'Ada Lovelace',
            orders: [
              { id: 'A-1001', total: 120.5 },
              { id: 'A-1002', total: 35 },
            ],
          },
          null,
          2,
        ),
      },
    });
    b.add({
      id: 'order_total',
      kind: 'action',
      type: 'core.function',
      title: ctx.t('stepTitles.orderTotal'),
      params: {
        code: [
          `// ${ctx.t('typed-function.comment')}`,
          'const customer = steps.customer.value;',
          'const total = customer.orders.reduce((sum, order) => sum + order.total, 0);',
          'return { name: customer.name, total };',
        ].join('\n'),
      },
    });
    return b.flow;
  },
};

const branchesLoop: ExampleDefinition = {
  id: 'branches-loop',
  modules: ['core.manual_trigger', 'core.loop', 'core.if', 'core.log'],
  stepCount: 6,
  build(ctx) {
    const b = new FlowBuilder(ctx, 'branches-loop');
    b.add(trigger(ctx));
    const body: StepId[] = [];
    b.add({
      id: 'each_amount',
      kind: 'loop',
      type: 'core.loop',
      title: ctx.t('stepTitles.eachAmount'),
      params: { mode: 'forEach', items: '[3, 8, 12]', maxIterations: 100 },
      branches: { body },
    });
    const then: StepId[] = [];
    const otherwise: StepId[] = [];
    b.add(
      {
        id: 'is_large',
        kind: 'if',
        type: 'core.if',
        title: ctx.t('stepTitles.isLarge'),
        params: { condition: `${b.ref('each_amount', 'item')} > 5` },
        branches: { then, else: otherwise },
      },
      body,
    );
    b.add(
      {
        id: 'log_large',
        kind: 'action',
        type: 'core.log',
        title: ctx.t('stepTitles.logLarge'),
        params: {
          level: 'info',
          message: fill(ctx, 'branches-loop.large', { value: b.ref('each_amount', 'item') }),
        },
      },
      then,
    );
    b.add(
      {
        id: 'log_small',
        kind: 'action',
        type: 'core.log',
        title: ctx.t('stepTitles.logSmall'),
        params: {
          level: 'info',
          message: fill(ctx, 'branches-loop.small', { value: b.ref('each_amount', 'item') }),
        },
      },
      otherwise,
    );
    b.add({
      id: 'log_done',
      kind: 'action',
      type: 'core.log',
      title: ctx.t('stepTitles.logDone'),
      params: {
        level: 'info',
        message: fill(ctx, 'branches-loop.done', { count: b.ref('each_amount', 'iterations') }),
      },
    });
    return b.flow;
  },
};

const failingStep: ExampleDefinition = {
  id: 'failing-step',
  modules: ['core.manual_trigger', 'core.json_parse', 'core.function'],
  stepCount: 3,
  build(ctx) {
    const b = new FlowBuilder(ctx, 'failing-step');
    b.add(trigger(ctx));
    b.add({
      id: 'order',
      kind: 'action',
      type: 'core.json_parse',
      title: ctx.t('stepTitles.order'),
      params: { text: JSON.stringify({ id: 7, email: null }, null, 2) },
    });
    b.add({
      id: 'send_receipt',
      kind: 'action',
      type: 'core.function',
      title: ctx.t('stepTitles.sendReceipt'),
      params: {
        code: [
          `// ${ctx.t('failing-step.comment')}`,
          'const order = steps.order.value;',
          "if (!order.email) throw new Error('Order ' + order.id + ' has no email address');",
          'return { sentTo: order.email };',
        ].join('\n'),
      },
    });
    b.flow.notes.push({
      id: 'note_debug',
      text: ctx.t('failing-step.note'),
      position: { x: 360, y: 0 },
      width: 240,
      height: 120,
    });
    return b.flow;
  },
};

const BIG_STEPS = 500;

const bigFlow: ExampleDefinition = {
  id: 'big-flow',
  modules: ['core.manual_trigger', 'core.set_variable'],
  stepCount: BIG_STEPS,
  build(ctx) {
    const b = new FlowBuilder(ctx, 'big-flow');
    b.add(trigger(ctx));
    for (let i = 1; i < BIG_STEPS; i++) {
      const id = `count_${i}`;
      b.add({
        id,
        kind: 'action',
        type: 'core.set_variable',
        title: ctx.t('stepTitles.count', { n: i }),
        params: { name: `n${i}`, value: i === 1 ? '1' : b.ref(`count_${i - 1}`, 'value') },
      });
    }
    return b.flow;
  },
};

export const EXAMPLES: readonly ExampleDefinition[] = [
  httpChain,
  typedFunction,
  branchesLoop,
  failingStep,
  bigFlow,
];

/** The examples a backend can run: every module they use is in its list. */
export function availableExamples(moduleIds: ReadonlySet<string>): ExampleDefinition[] {
  return EXAMPLES.filter((e) => e.modules.every((m) => moduleIds.has(m)));
}
