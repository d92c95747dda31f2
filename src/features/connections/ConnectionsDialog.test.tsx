// @vitest-environment jsdom
import '../../i18n';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startVflowServer, type VflowServer } from '../../../server/vflow/server';
import { resetAdapterCache } from './adapters';
import { ConnectionsDialog } from './ConnectionsDialog';
import { connectionsStore } from './store';

let server: VflowServer;
beforeAll(async () => {
  server = await startVflowServer({ port: 0, rateLimits: false });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  cleanup();
  for (const c of connectionsStore.getState().connections) connectionsStore.getState().remove(c.id);
  connectionsStore.getState().setActive('local');
  resetAdapterCache();
  sessionStorage.clear();
});

/** The first use loads the adapter code and talks to the server. */
const SLOW = { timeout: 10_000 };

function renderDialog() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <ConnectionsDialog open onOpenChange={() => undefined} />
    </QueryClientProvider>,
  );
}

describe('ConnectionsDialog', () => {
  it('adds a connection after checking the form, tests and uses it; tokens stay out of localStorage', async () => {
    const user = userEvent.setup();
    renderDialog();
    expect(screen.getByTestId('connection-local')).toHaveAttribute('aria-current', 'true');
    await user.click(screen.getByTestId('connection-add'));
    // A kind picker; the settings come from the kind's descriptor, and the address is not prefilled.
    expect(screen.getByTestId('connection-kind')).toHaveValue('vflow');
    const address = () => screen.getByLabelText(/^Address/);
    expect(address()).toHaveValue('');

    await user.type(address(), 'http://me:pw@127.0.0.1');
    await user.click(screen.getByTestId('connection-form-save'));
    expect(screen.getByTestId('connection-name-error')).toHaveTextContent('Give the connection a name.');
    expect(address()).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/user names and passwords/)).toBeInTheDocument();
    expect(screen.getByTestId('connection-name')).toHaveFocus();
    expect(screen.getByTestId('connection-name')).toHaveAttribute('aria-invalid', 'true');
    expect(connectionsStore.getState().connections).toEqual([]);

    await user.type(screen.getByTestId('connection-name'), 'Phone');
    await user.clear(address());
    // A pasted full address is taken as it is.
    await user.click(address());
    await user.paste(server.url);
    await user.click(screen.getByTestId('connection-form-test'));
    await waitFor(
      () => expect(screen.getByTestId('connection-form-test-result')).toHaveAttribute('data-ok', 'true'),
      SLOW,
    );
    expect(screen.getByTestId('connection-form-test-result')).toHaveTextContent(
      /vFlow server 1\.0\.0 \(Xiaomi Mi 14 · Android 14\)/,
    );
    await user.click(screen.getByTestId('connection-form-save'));

    const item = await screen.findByTestId('connection-item');
    expect(item).toHaveTextContent('Phone');
    expect(within(item).getByTestId('connection-state')).toHaveAttribute('data-connected', 'false');
    const [conn] = connectionsStore.getState().connections;
    expect(conn).toMatchObject({ name: 'Phone', kind: 'vflow', settings: { baseUrl: server.url, deviceName: 'Flowbench' } });

    await user.click(within(item).getByTestId('connection-use'));
    await waitFor(() => expect(item).toHaveAttribute('aria-current', 'true'), SLOW);
    expect(connectionsStore.getState().active).toBe(`vflow:${conn!.id}`);
    expect(within(item).getByTestId('connection-state')).toHaveAttribute('data-connected', 'true');
    const session = JSON.parse(sessionStorage.getItem(`flowbench.session.${conn!.id}.tokens`) ?? '{}') as {
      token?: string;
    };
    expect(session.token).toBeTruthy();
    expect(JSON.stringify({ ...localStorage })).not.toContain(session.token);

    await user.click(within(item).getByTestId('connection-test'));
    await waitFor(
      () => expect(within(item).getByTestId('connection-test-result')).toHaveAttribute('data-ok', 'true'),
      SLOW,
    );

    await user.click(within(item).getByTestId('connection-disconnect'));
    await waitFor(
      () => expect(within(item).getByTestId('connection-state')).toHaveAttribute('data-connected', 'false'),
      SLOW,
    );
    expect(connectionsStore.getState().active).toBe('local');
    expect(sessionStorage.getItem(`flowbench.session.${conn!.id}.tokens`)).toBeNull();
  });

  it('shows the details panel, and deletes a connection after confirming', async () => {
    const user = userEvent.setup();
    connectionsStore.getState().add('vflow', { name: 'Phone', settings: { baseUrl: server.url, deviceName: 'Test' } });
    renderDialog();
    await user.click(screen.getByTestId('connection-details'));
    const info = await screen.findByTestId('connection-info');
    await waitFor(
      () => expect(within(info).getByTestId('connection-health')).toHaveTextContent('healthy'),
      SLOW,
    );
    await waitFor(
      () => expect(within(info).getByTestId('connection-stats')).toHaveTextContent(/Workflows\s*8/),
      SLOW,
    );
    await waitFor(
      () => expect(within(info).getByTestId('connection-system')).toHaveTextContent('Xiaomi Mi 14'),
      SLOW,
    );
    await user.click(screen.getByTestId('connection-back'));

    await user.click(screen.getByTestId('connection-delete'));
    await user.click(screen.getByTestId('connection-delete-no'));
    expect(screen.getByTestId('connection-item')).toBeInTheDocument();
    await user.click(screen.getByTestId('connection-delete'));
    await user.click(screen.getByTestId('connection-delete-yes'));
    await waitFor(() => expect(screen.queryByTestId('connection-item')).toBeNull(), SLOW);
    expect(connectionsStore.getState().connections).toEqual([]);
    expect(screen.getByTestId('connection-add')).toHaveFocus();
  });

  it('says why a connection cannot be used, and keeps the local backend', async () => {
    const user = userEvent.setup();
    connectionsStore.getState().add('vflow', { name: 'Nowhere', settings: { baseUrl: 'http://127.0.0.1:1', deviceName: 'Test' } });
    renderDialog();
    await user.click(screen.getAllByTestId('connection-use')[1]!);
    await waitFor(
      () => expect(screen.getByTestId('connection-test-result')).toHaveAttribute('data-ok', 'false'),
      SLOW,
    );
    expect(screen.getByTestId('connection-test-result')).toHaveTextContent(/Could not connect to “Nowhere”/);
    expect(connectionsStore.getState().active).toBe('local');
  });
});
