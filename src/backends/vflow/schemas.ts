/**
 * Runtime validation of everything a vFlow server sends (seed document 001). Workflows and steps are loose
 * objects: unknown fields pass through untouched so the mapping can keep them.
 */
import { z } from 'zod';

export const envelopeSchema = z.object({
  code: z.number(),
  message: z.string().nullish(),
  data: z.unknown(),
  details: z.unknown().optional(),
});

export const typedValueSchema = z.looseObject({ type: z.string(), value: z.unknown() });
export type VflowTypedValue = z.infer<typeof typedValueSchema>;

export const tokenDataSchema = z.object({
  token: z.string().min(1),
  refreshToken: z.string().min(1),
  expiresIn: z.number().positive(),
  tokenType: z.string().optional(),
  deviceInfo: z.record(z.string(), z.unknown()).optional(),
});

export const refreshDataSchema = z.object({
  token: z.string().min(1),
  expiresIn: z.number().positive(),
  refreshToken: z.string().min(1).optional(),
});

export const verifyDataSchema = z.object({
  valid: z.boolean(),
  deviceInfo: z.record(z.string(), z.unknown()).optional(),
  /** The document's example is epoch seconds. */
  expiresAt: z.number().optional(),
});

export const stepSchema = z.looseObject({
  id: z.string().min(1),
  moduleId: z.string().min(1),
  indentationLevel: z.number().int().min(0),
  parameters: z.record(z.string(), z.unknown()),
});
export type VflowStep = z.infer<typeof stepSchema>;

export const workflowSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  isEnabled: z.boolean().optional(),
  isFavorite: z.boolean().optional(),
  folderId: z.string().nullish(),
  order: z.number().optional(),
  steps: z.array(stepSchema),
  modifiedAt: z.number().optional(),
});
export type VflowWorkflow = z.infer<typeof workflowSchema>;

export const workflowListItemSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  description: z.string().nullish(),
  isEnabled: z.boolean().optional(),
  isFavorite: z.boolean().optional(),
  folderId: z.string().nullish(),
  order: z.number().optional(),
  stepCount: z.number().optional(),
  modifiedAt: z.number().optional(),
  tags: z.array(z.string()).optional(),
});
export type VflowWorkflowListItem = z.infer<typeof workflowListItemSchema>;

export const workflowListSchema = z.object({
  workflows: z.array(workflowListItemSchema),
  total: z.number(),
  limit: z.number().optional(),
  offset: z.number().optional(),
});

export const createdWorkflowSchema = z.looseObject({ id: z.string().min(1), name: z.string().optional(), createdAt: z.number().optional() });
export const updatedSchema = z.looseObject({ id: z.string().optional(), updatedAt: z.number().optional() });
export const deletedSchema = z.looseObject({ deleted: z.boolean().optional(), deletedAt: z.number().optional() });
export const duplicatedSchema = z.looseObject({ newWorkflowId: z.string().min(1), name: z.string().optional(), createdAt: z.number().optional() });
export const enabledSchema = z.looseObject({ id: z.string().optional(), isEnabled: z.boolean(), updatedAt: z.number().optional() });

const batchEntry = z.union([z.string(), z.looseObject({ id: z.string() })]);
export const batchResultSchema = z.object({
  succeeded: z.array(batchEntry),
  failed: z.array(batchEntry),
  skipped: z.array(batchEntry).optional(),
});

export const executionStatusValues = ['running', 'completed', 'failed', 'cancelled', 'timeout'] as const;
export type VflowExecutionStatus = (typeof executionStatusValues)[number];
const executionStatus = z.enum(executionStatusValues);

export const executeAsyncSchema = z.looseObject({
  executionId: z.string().min(1),
  workflowId: z.string().optional(),
  status: executionStatus,
  startedAt: z.number(),
});

const errorValue = z.union([z.string(), z.looseObject({ message: z.string() }), z.null()]).optional();

export const executionDetailSchema = z.looseObject({
  executionId: z.string().min(1),
  workflowId: z.string(),
  workflowName: z.string().nullish(),
  status: executionStatus,
  currentStepIndex: z.number().nullish(),
  totalSteps: z.number().nullish(),
  currentStep: z.looseObject({ id: z.string(), moduleId: z.string().optional(), name: z.string().optional() }).nullish(),
  startedAt: z.number(),
  completedAt: z.number().nullish(),
  duration: z.number().nullish(),
  outputs: z.record(z.string(), z.record(z.string(), z.unknown())).nullish(),
  error: errorValue,
  variables: z.record(z.string(), z.unknown()).nullish(),
  triggeredBy: z.string().optional(),
});
export type VflowExecutionDetail = z.infer<typeof executionDetailSchema>;

export const stopSchema = z.looseObject({ executionId: z.string().optional(), stoppedAt: z.number().optional(), status: z.string().optional() });

export const logEntrySchema = z.looseObject({
  timestamp: z.number(),
  level: z.string(),
  stepIndex: z.number().int().nullish(),
  moduleId: z.string().nullish(),
  message: z.string(),
  details: z.unknown().optional(),
  /** Not in the document; our test server adds it, a real one may. */
  stepId: z.string().nullish(),
});
export type VflowLogEntry = z.infer<typeof logEntrySchema>;

export const logsSchema = z.object({
  logs: z.array(logEntrySchema),
  total: z.number(),
  limit: z.number().optional(),
  offset: z.number().optional(),
});

export const executionSummarySchema = z.looseObject({
  executionId: z.string().min(1),
  workflowId: z.string(),
  workflowName: z.string().nullish(),
  status: executionStatus,
  startedAt: z.number(),
  completedAt: z.number().nullish(),
  duration: z.number().nullish(),
  triggeredBy: z.string().nullish(),
  error: errorValue,
});
export type VflowExecutionSummary = z.infer<typeof executionSummarySchema>;

export const executionListSchema = z.object({
  executions: z.array(executionSummarySchema),
  total: z.number(),
  limit: z.number().optional(),
  offset: z.number().optional(),
});

export const deletedCountSchema = z.looseObject({ deletedCount: z.number() });

export const categorySchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  nameEn: z.string().optional(),
  icon: z.string().optional(),
  description: z.string().optional(),
  descriptionEn: z.string().optional(),
  order: z.number().optional(),
});
export const categoriesSchema = z.object({ categories: z.array(categorySchema) });

export const blockBehaviorSchema = z.looseObject({
  blockType: z.string(),
  canStartWorkflow: z.boolean().optional(),
  endBlockId: z.string().nullable().optional(),
});
export type VflowBlockBehavior = z.infer<typeof blockBehaviorSchema>;

const moduleMetadataSchema = z.looseObject({
  name: z.string(),
  nameEn: z.string().optional(),
  icon: z.string().optional(),
  category: z.string(),
  description: z.string().optional(),
  descriptionEn: z.string().optional(),
  helpUrl: z.string().optional(),
});

export const moduleListEntrySchema = z.looseObject({
  id: z.string().min(1),
  metadata: moduleMetadataSchema,
  blockBehavior: blockBehaviorSchema.optional(),
});
export type VflowModuleListEntry = z.infer<typeof moduleListEntrySchema>;
export const modulesSchema = z.object({ modules: z.array(moduleListEntrySchema) });

export const moduleInputSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string(),
  label: z.string().optional(),
  labelEn: z.string().optional(),
  required: z.boolean().optional(),
  uiType: z.string().optional(),
});

export const moduleOutputSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string(),
  label: z.string().optional(),
  labelEn: z.string().optional(),
  description: z.string().optional(),
  descriptionEn: z.string().optional(),
});

export const moduleDetailSchema = moduleListEntrySchema.extend({
  inputs: z.array(moduleInputSchema),
  outputs: z.array(moduleOutputSchema),
  examples: z.array(z.unknown()).optional(),
});
export type VflowModuleDetail = z.infer<typeof moduleDetailSchema>;

export const inputSchemaSchema = z.object({ schema: z.array(z.looseObject({ key: z.string(), type: z.string() })) });

export const magicVariablesSchema = z.object({
  magicVariables: z.array(z.looseObject({ key: z.string(), label: z.string().optional(), type: z.string().optional(), stepId: z.string().optional(), outputId: z.string().optional() })),
  systemVariables: z.array(z.looseObject({ key: z.string(), label: z.string().optional(), type: z.string().optional(), description: z.string().optional() })),
});
export type VflowMagicVariables = z.infer<typeof magicVariablesSchema>;

export const folderSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  parentId: z.string().nullable().optional(),
  order: z.number().optional(),
  workflowCount: z.number().optional(),
  subfolderCount: z.number().optional(),
  createdAt: z.number().optional(),
  modifiedAt: z.number().optional(),
});
export type VflowFolder = z.infer<typeof folderSchema>;
export const foldersSchema = z.object({ folders: z.array(folderSchema), total: z.number().optional() });
export const folderDetailSchema = folderSchema.extend({
  workflows: z.array(z.looseObject({ id: z.string(), name: z.string().optional() })).optional(),
  subfolders: z.array(z.looseObject({ id: z.string(), name: z.string().optional() })).optional(),
});
export const createdFolderSchema = z.looseObject({ id: z.string().min(1), name: z.string().optional(), createdAt: z.number().optional() });
export const folderDeletedSchema = z.looseObject({
  deleted: z.boolean().optional(),
  workflowsDeleted: z.number().optional(),
  workflowsMoved: z.number().optional(),
});

export const exportJsonSchema = z.looseObject({ workflow: z.looseObject({}), exportedAt: z.number().optional(), format: z.string().optional() });

export const importResultSchema = z.looseObject({
  imported: z.array(z.looseObject({ workflowId: z.string(), name: z.string().optional() })),
  skipped: z.array(z.looseObject({ name: z.string().optional(), reason: z.string().optional() })).optional(),
  errors: z.array(z.looseObject({ filename: z.string().optional(), error: z.string().optional() })).optional(),
  total: z.number().optional(),
});
export type VflowImportResult = z.infer<typeof importResultSchema>;

export const systemInfoSchema = z.looseObject({
  device: z.looseObject({ brand: z.string().optional(), model: z.string().optional(), androidVersion: z.string().optional() }),
  permissions: z.array(z.looseObject({ name: z.string(), granted: z.boolean() })).optional(),
  capabilities: z.record(z.string(), z.unknown()).optional(),
  server: z.looseObject({ version: z.string().optional(), startTime: z.number().optional(), uptime: z.number().optional() }).optional(),
});
export type VflowSystemInfo = z.infer<typeof systemInfoSchema>;

export const statsSchema = z.looseObject({
  workflowCount: z.number(),
  enabledWorkflowCount: z.number().optional(),
  folderCount: z.number().optional(),
  totalExecutions: z.number().optional(),
  successRate: z.number().optional(),
});
export type VflowStats = z.infer<typeof statsSchema>;

export const healthSchema = z.looseObject({
  status: z.string(),
  version: z.string().optional(),
  timestamp: z.number().optional(),
  uptime: z.number().optional(),
});
export type VflowHealth = z.infer<typeof healthSchema>;
