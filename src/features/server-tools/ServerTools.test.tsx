// @vitest-environment jsdom
import '../../i18n';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackendProvider } from '../../shell/backend-context';
import { askSecret } from '../../shell/secret-prompt';
import { BackendError, type BackendAdapter, type ExportedFile, type Webhook } from '../../backends/types';
import { ServerTools } from './ServerTools';
import { closeExportPreview, closeWebhooks, openExportPreview, openWebhooks } from './store';

// Monaco does not run in jsdom: the view's plain fallback stands in for it.
vi.mock('../code-editor/CodeView', () => ({
  CodeView: ({ value, ariaLabel }: { value: string; ariaLabel: string }) => <pre aria-label={ariaLabel}>{value}</pre>,
}));
const downloads: ExportedFile[] = [];
vi.mock('../library/download', () => ({ downloadFile: (f: ExportedFile) => downloads.push(f) }));

afterEach(() => {
  cleanup();
  closeExportPreview();
  closeWebhooks();
  downloads.length = 0;
});

function fakeAdapter(extra: Partial<BackendAdapter>): BackendAdapter {
  return { id: 'automaticworker:c1', label: 'Fake server', ...extra } as BackendAdapter;
}

function renderTools(adapter: BackendAdapter) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <BackendProvider adapter={adapter}>
      <QueryClientProvider client={client}>
        <ServerTools />
      </QueryClientProvider>
    </BackendProvider>,
  );
}

describe('server tools', () => {
  it("previews a server export, shows the server's error with a retry, and downloads the server's file", async () => {
    const file: ExportedFile = { name: 'flow_7.py', mime: 'application/octet-stream', data: new TextEncoder().encode('def main():\n    pass\n') };
    const exportFlow = vi
      .fn<(id: string, format: string) => Promise<ExportedFile>>()
      .mockRejectedValueOnce(new BackendError('internal', 'GET /api/flows/7/export failed with HTTP 500: 服务器内部错误.', { serverMessage: '服务器内部错误' }))
      .mockResolvedValueOnce(file);
    const format = { id: 'python', label: 'export.python', language: 'python' };
    renderTools(fakeAdapter({ flowExports: { formats: [format], exportFlow } }));
    act(() => openExportPreview({ flowId: '7', flowName: 'Seven', format }));

    const dialog = await screen.findByTestId('export-preview');
    expect(dialog).toHaveTextContent('Python of “Seven”');
    expect(await screen.findByTestId('export-preview-error')).toHaveTextContent('服务器内部错误');
    expect(screen.getByTestId('export-preview-download')).toBeDisabled();
    await userEvent.click(screen.getByTestId('export-preview-retry'));
    expect(await screen.findByTestId('export-preview-file')).toHaveTextContent('flow_7.py');
    expect(screen.getByLabelText('Contents of flow_7.py (read-only)')).toHaveTextContent('def main():');
    await userEvent.click(screen.getByTestId('export-preview-download'));
    expect(downloads).toEqual([file]);
    expect(exportFlow).toHaveBeenCalledWith('7', 'python');
  });

  it('adds a webhook, shows its secret once, and deletes it', async () => {
    let hooks: Webhook[] = [];
    const webhooks = {
      events: ['flow.executed', 'flow.failed'],
      list: vi.fn(async () => hooks),
      create: vi.fn(async (req: { url: string; events: string[]; secret?: string }) => {
        const webhook = { id: 'webhook_1', url: req.url, events: req.events, createdAt: '2026-12-04T12:00:00Z' };
        hooks = [webhook];
        return { webhook, secret: 'c0ffee' };
      }),
      delete: vi.fn(async () => {
        hooks = [];
      }),
    };
    renderTools(fakeAdapter({ webhooks }));
    act(() => openWebhooks());
    expect(await screen.findByTestId('webhooks-empty')).toBeInTheDocument();

    await userEvent.type(screen.getByTestId('webhook-url'), 'http://127.0.0.1:9/hook');
    await userEvent.click(screen.getByTestId('webhook-event-flow.executed'));
    await userEvent.click(screen.getByTestId('webhook-create'));
    expect(webhooks.create).toHaveBeenCalledWith({ url: 'http://127.0.0.1:9/hook', events: ['flow.failed'] });
    expect(await screen.findByTestId('webhook-secret')).toHaveTextContent('c0ffee');
    expect(await screen.findByTestId('webhook-row')).toHaveTextContent('flow.failed');

    await userEvent.click(screen.getByTestId('webhook-secret-done'));
    expect(screen.getByTestId('webhooks-dialog')).not.toHaveTextContent('c0ffee');
    await userEvent.click(screen.getByTestId('webhook-delete'));
    expect(webhooks.delete).toHaveBeenCalledWith('webhook_1');
    expect(await screen.findByTestId('webhooks-empty')).toBeInTheDocument();
  });

  it('shows a refused webhook with the server message and keeps what was typed', async () => {
    const webhooks = {
      events: ['flow.executed'],
      list: vi.fn(async () => [] as Webhook[]),
      create: vi.fn(async () => {
        throw new BackendError('invalid', 'POST /api/webhooks failed with HTTP 400: 提供的输入数据无效.', { serverMessage: '提供的输入数据无效' });
      }),
      delete: vi.fn(async () => undefined),
    };
    renderTools(fakeAdapter({ webhooks }));
    act(() => openWebhooks());
    await userEvent.type(await screen.findByTestId('webhook-url'), 'http://127.0.0.1:9/x');
    await userEvent.click(screen.getByTestId('webhook-create'));
    expect(await screen.findByTestId('webhook-create-error')).toHaveTextContent('提供的输入数据无效');
    expect(screen.getByTestId('webhook-url')).toHaveValue('http://127.0.0.1:9/x');
  });

  it('asks for a password, shows why the last one was refused, and answers the asking adapter', async () => {
    renderTools(fakeAdapter({}));
    let answer: Promise<string | null> = Promise.resolve(null);
    act(() => {
      answer = askSecret('automaticworker', 'My server', { setting: 'password', label: 'settings.password.title', account: 'admin', problem: '用户名或密码错误' });
    });
    const prompt = await screen.findByTestId('secret-prompt');
    expect(prompt).toHaveTextContent('Sign in to My server');
    expect(prompt).toHaveTextContent('admin');
    expect(screen.getByTestId('secret-prompt-problem')).toHaveTextContent('用户名或密码错误');
    // The label comes from the backend's own namespace.
    await userEvent.type(screen.getByLabelText('Password'), 'admin123');
    await userEvent.click(screen.getByTestId('secret-prompt-submit'));
    await expect(answer).resolves.toBe('admin123');
    await waitFor(() => expect(screen.queryByTestId('secret-prompt')).toBeNull());
  });
});
