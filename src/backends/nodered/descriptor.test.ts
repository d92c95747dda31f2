import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendError } from '../types';
import { noderedDescriptor } from './descriptor';
import { secrets } from './test-rig';


let other: Server;
let otherUrl: string;

beforeAll(async () => {
  other = createServer((req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html>not here</html>');
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  const addr = other.address();
  otherUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
afterAll(async () => {
  await new Promise((r) => other?.close(r));
});

describe('Node-RED descriptor', () => {
  it('says when a server is not Node-RED, and when nothing answers', async () => {
    const notRed = await noderedDescriptor.testConnection({ baseUrl: otherUrl }, { connectionId: '', secrets: secrets() });
    expect(notRed).toMatchObject({ ok: false, stage: 'reach' });
    expect((notRed.error as BackendError).message).toMatch(/not answer like a Node-RED/);
    const gone = await noderedDescriptor.testConnection({ baseUrl: 'http://127.0.0.1:9' }, { connectionId: '', secrets: secrets() });
    expect(gone).toMatchObject({ ok: false, stage: 'reach' });
    expect((gone.error as BackendError).code).toBe('network');
  });

  it('validates the address before any request', () => {
    expect(noderedDescriptor.validateSettings!({ baseUrl: '' })).toEqual({ baseUrl: 'connections:form.problems.urlRequired' });
    expect(noderedDescriptor.validateSettings!({ baseUrl: 'ftp://x' })).toEqual({ baseUrl: 'connections:form.problems.urlScheme' });
    expect(noderedDescriptor.validateSettings!({ baseUrl: 'http://u:p@host:1880' })).toEqual({ baseUrl: 'connections:form.problems.urlCredentials' });
    expect(noderedDescriptor.validateSettings!({ baseUrl: 'http://127.0.0.1:1880' })).toEqual({});
  });
});
