/** Every error code of the vFlow document with its HTTP status and message. */
export const ERROR_CODES = {
  1001: { status: 404, message: 'Workflow not found' },
  1002: { status: 400, message: 'Invalid workflow data' },
  1003: { status: 500, message: 'Workflow execution failed' },
  1004: { status: 409, message: 'Workflow already exists' },
  2001: { status: 404, message: 'Module not found' },
  2002: { status: 400, message: 'Invalid module parameters' },
  3001: { status: 404, message: 'Folder not found' },
  3002: { status: 400, message: 'Folder not empty' },
  5001: { status: 404, message: 'Execution not found' },
  5002: { status: 409, message: 'Execution already stopped' },
  6001: { status: 401, message: 'Invalid authentication' },
  6002: { status: 401, message: 'Token expired' },
  6003: { status: 403, message: 'Insufficient permissions' },
  7001: { status: 429, message: 'Rate limit exceeded' },
  8001: { status: 400, message: 'Invalid file format' },
  8002: { status: 413, message: 'File size exceeded' },
  9001: { status: 500, message: 'Internal server error' },
  9002: { status: 503, message: 'Service unavailable' },
} as const;

export type VflowErrorCode = keyof typeof ERROR_CODES;

/** Thrown by handlers; the HTTP layer turns it into `{code, message, data: null, details}`. */
export class ApiError extends Error {
  readonly httpStatus: number;
  constructor(
    readonly code: VflowErrorCode | number,
    message?: string,
    readonly details?: Record<string, unknown>,
    httpStatus?: number,
  ) {
    const known = (ERROR_CODES as Record<number, { status: number; message: string }>)[code];
    super(message ?? known?.message ?? 'Error');
    this.httpStatus = httpStatus ?? known?.status ?? 500;
  }
}
