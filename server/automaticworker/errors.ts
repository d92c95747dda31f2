/** The document's error envelope: `{"error": {"code", "message", "details"}}` with a standard HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  body(): { error: { code: string; message: string; details?: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const invalid = (message: string, details?: Record<string, unknown>) => new ApiError(400, 'invalid_input', message, details);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
