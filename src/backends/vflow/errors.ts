/** vFlow's numeric error codes (seed document 001) mapped to the UI's `ErrorCode`. */
import type { ErrorCode } from '../types';

/**
 * The document lists the codes without saying which HTTP status each comes with; a few codes are used with
 * more than one status, so the status refines them (1003 "execution failed" is 409 for a disabled workflow,
 * 422 for a workflow that does not validate; 2001 is 404 on the module endpoints, 400 inside a workflow body).
 */
export function errorCodeForVflow(code: number, httpStatus: number): ErrorCode | undefined {
  switch (code) {
    case 1001:
    case 3001:
    case 5001:
      return 'not-found';
    case 2001:
      return httpStatus === 404 ? 'not-found' : 'invalid';
    case 1002:
    case 2002:
    case 8001:
    case 8002:
      return 'invalid';
    case 1003:
      return httpStatus === 409 ? 'conflict' : httpStatus === 422 || httpStatus === 400 ? 'invalid' : 'internal';
    case 1004:
    case 5002:
      return 'conflict';
    case 3002:
      // "Folder not empty": the request conflicts with the folder's state.
      return 'conflict';
    case 6001:
    case 6002:
      return 'unauthorized';
    case 6003:
      return 'forbidden';
    case 7001:
      return 'rate-limited';
    case 9001:
      return 'internal';
    case 9002:
      return 'unavailable';
    default:
      return undefined;
  }
}

/** A short English explanation per code, appended to messages. */
export const VFLOW_CODE_TEXT: Record<number, string> = {
  1001: 'Workflow not found',
  1002: 'Invalid workflow data',
  1003: 'Workflow execution failed',
  1004: 'Workflow already exists',
  2001: 'Module not found',
  2002: 'Invalid module parameters',
  3001: 'Folder not found',
  3002: 'Folder not empty',
  5001: 'Execution not found',
  5002: 'Execution already stopped',
  6001: 'Invalid authentication',
  6002: 'Token expired',
  6003: 'Insufficient permissions',
  7001: 'Rate limit exceeded',
  8001: 'Invalid file format',
  8002: 'File size exceeded',
  9001: 'Internal server error',
  9002: 'Service unavailable',
};
