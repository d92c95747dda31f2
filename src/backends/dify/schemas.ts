/**
 * Runtime validation of what a Dify Workflow App API sends (seed document 004). Objects are loose: fields
 * the document does not name (newer Dify versions add many) pass through. Where the document's own examples
 * disagree with its field list, both are accepted: `total_steps` is an int in the list and `"1"` in the
 * streaming example; run detail dates are strings in its example and epoch seconds in the stream; node
 * `inputs` are "array[object]" in the list and `{}` in the example.
 */
import { z } from 'zod';

const looseNumber = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
/** Epoch seconds, or a date string (`Thu, 18 Jul 2024 03:17:40 -0000`): both to epoch milliseconds. */
export const timestampSchema = z.union([
  z.number().transform((s) => (s > 1e11 ? s : s * 1000)),
  z.string().transform((s, ctx) => {
    const n = /^\d+(\.\d+)?$/.test(s) ? Number(s) * 1000 : Date.parse(s.replace(/ -0000$/, ' +0000'));
    if (Number.isNaN(n)) {
      ctx.addIssue({ code: 'custom', message: `not a timestamp: ${s}` });
      return z.NEVER;
    }
    return n;
  }),
]);

export const runStatusSchema = z.enum(['running', 'succeeded', 'failed', 'stopped', 'partial-succeeded']);
export type DifyRunStatus = z.infer<typeof runStatusSchema>;

export const formEntrySchema = z.record(z.string(), z.unknown());

export const parametersSchema = z.looseObject({
  user_input_form: z.array(formEntrySchema),
  file_upload: z.looseObject({}).nullish(),
  system_parameters: z.looseObject({}).nullish(),
});
export type DifyParameters = z.infer<typeof parametersSchema>;

/** `GET /info` (not in the seed; Dify's own API): the app's name. */
export const infoSchema = z.looseObject({
  name: z.string(),
  description: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  mode: z.string().nullish(),
});

export const runSummaryDataSchema = z.looseObject({
  id: z.string(),
  workflow_id: z.string().nullish(),
  status: runStatusSchema,
  outputs: z.unknown().optional(),
  error: z.string().nullish(),
  elapsed_time: looseNumber.nullish(),
  total_tokens: looseNumber.nullish(),
  total_steps: looseNumber.nullish(),
  created_at: timestampSchema.nullish(),
  finished_at: timestampSchema.nullish(),
});

export const blockingResponseSchema = z.looseObject({
  workflow_run_id: z.string(),
  task_id: z.string(),
  data: runSummaryDataSchema,
});

/** `GET /workflows/run/:id`: `inputs` is a JSON string in the example, an object in some versions. */
export const runDetailSchema = runSummaryDataSchema.extend({
  inputs: z.unknown().optional(),
});
export type DifyRunDetail = z.infer<typeof runDetailSchema>;

export const logsSchema = z.looseObject({
  page: looseNumber,
  limit: looseNumber,
  total: looseNumber,
  has_more: z.boolean(),
  data: z.array(
    z.looseObject({
      id: z.string(),
      workflow_run: z.looseObject({
        id: z.string(),
        version: z.string().nullish(),
        status: runStatusSchema,
        error: z.string().nullish(),
        elapsed_time: looseNumber.nullish(),
        total_tokens: looseNumber.nullish(),
        total_steps: looseNumber.nullish(),
        created_at: timestampSchema,
        finished_at: timestampSchema.nullish(),
      }),
      created_from: z.string().nullish(),
      created_by_role: z.string().nullish(),
      created_by_end_user: z.looseObject({ session_id: z.string().nullish() }).nullish(),
      created_at: timestampSchema.nullish(),
    }),
  ),
});
export type DifyLogs = z.infer<typeof logsSchema>;

export const stopResponseSchema = z.looseObject({ result: z.string() });

export const uploadResponseSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  size: looseNumber.optional(),
  extension: z.string().nullish(),
  mime_type: z.string().nullish(),
});
export type DifyUploadedFile = z.infer<typeof uploadResponseSchema>;

// Stream events ------------------------------------------------------------------------------------------

const nodeDataSchema = z.looseObject({
  node_id: z.string().min(1),
  node_type: z.string().min(1),
  title: z.string().nullish(),
  index: looseNumber.nullish(),
  predecessor_node_id: z.string().nullish(),
  inputs: z.unknown().optional(),
  iteration_id: z.string().nullish(),
  loop_id: z.string().nullish(),
});

export const workflowStartedSchema = z.looseObject({
  event: z.literal('workflow_started'),
  task_id: z.string(),
  workflow_run_id: z.string(),
  data: z.looseObject({ id: z.string(), workflow_id: z.string().nullish(), sequence_number: looseNumber.nullish() }),
});

export const nodeStartedSchema = z.looseObject({ event: z.literal('node_started'), data: nodeDataSchema });

export const executionMetadataSchema = z
  .looseObject({
    total_tokens: looseNumber.nullish(),
    total_price: looseNumber.nullish(),
    currency: z.string().nullish(),
    iteration_id: z.string().nullish(),
    iteration_index: looseNumber.nullish(),
    loop_id: z.string().nullish(),
    loop_index: looseNumber.nullish(),
  })
  .nullish();

export const nodeFinishedSchema = z.looseObject({
  event: z.literal('node_finished'),
  data: nodeDataSchema.extend({
    process_data: z.unknown().optional(),
    outputs: z.unknown().optional(),
    status: z.string(),
    error: z.string().nullish(),
    elapsed_time: looseNumber.nullish(),
    execution_metadata: executionMetadataSchema,
  }),
});

export const workflowFinishedSchema = z.looseObject({ event: z.literal('workflow_finished'), data: runSummaryDataSchema });

export const textChunkSchema = z.looseObject({
  event: z.literal('text_chunk'),
  data: z.looseObject({ text: z.string(), from_variable_selector: z.array(z.string()).nullish() }),
});

export const messageSchema = z.looseObject({ event: z.literal('message'), answer: z.string() });

const groupDataSchema = z.looseObject({
  node_id: z.string().min(1),
  node_type: z.string().nullish(),
  title: z.string().nullish(),
  index: looseNumber.nullish(),
  inputs: z.unknown().optional(),
  outputs: z.unknown().optional(),
  status: z.string().nullish(),
  error: z.string().nullish(),
  elapsed_time: looseNumber.nullish(),
  predecessor_node_id: z.string().nullish(),
  execution_metadata: executionMetadataSchema,
});

/** `iteration_*` and `loop_*`: not in the seed, sent by Dify for iteration and loop nodes. */
export const groupEventSchema = z.looseObject({
  event: z.enum(['iteration_started', 'iteration_next', 'iteration_completed', 'loop_started', 'loop_next', 'loop_completed']),
  data: groupDataSchema,
});

export const errorEventSchema = z.looseObject({
  event: z.literal('error'),
  message: z.string().nullish(),
  code: z.string().nullish(),
  status: looseNumber.nullish(),
});

export const anyEventSchema = z.looseObject({ event: z.string() });
