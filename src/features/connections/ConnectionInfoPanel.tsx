/** A connection's device and server: system info, statistics (by period) and health, from the adapter. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionAdapter } from './adapters';
import { deviceLabel, errorText, formatPercent, formatUptime } from './describe';
import { useConnectionAdapter } from './hooks';
import type { SavedConnection } from './model';

type Period = 'today' | 'week' | 'month' | 'all';
const PERIODS: Period[] = ['today', 'week', 'month', 'all'];

const str = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function Rows({ rows, testId }: { rows: Array<[string, string]>; testId?: string }) {
  return (
    <dl className="fb-conn-facts" data-testid={testId}>
      {rows
        .filter(([, v]) => v !== '')
        .map(([k, v]) => (
          <div key={k} className="fb-conn-fact">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

function Failed({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useTranslation('connections');
  return (
    <p role="alert" className="fb-danger">
      {t('info.failed', { message: errorText(error) })}{' '}
      <button type="button" className="fb-link" onClick={onRetry}>
        {t('retry')}
      </button>
    </p>
  );
}

export function ConnectionInfoPanel({ connection }: { connection: SavedConnection }) {
  const { t } = useTranslation('connections');
  const { adapter, error } = useConnectionAdapter(connection);
  if (error) return <Failed error={error} onRetry={() => undefined} />;
  if (!adapter) return <p aria-busy="true">{t('loading')}</p>;
  return <InfoBody adapter={adapter} />;
}

function InfoBody({ adapter }: { adapter: ConnectionAdapter }) {
  const { t } = useTranslation('connections');
  const [period, setPeriod] = useState<Period>('today');
  const base = ['connection-info', adapter.id] as const;
  const opts = { retry: false, staleTime: 0, gcTime: 30_000 } as const;
  const info = useQuery({ queryKey: [...base, 'system'], queryFn: () => adapter.systemInfo(), ...opts });
  const stats = useQuery({
    queryKey: [...base, 'stats', period],
    queryFn: () => adapter.stats(period),
    ...opts,
  });
  const health = useQuery({ queryKey: [...base, 'health'], queryFn: () => adapter.health(), ...opts });
  const refresh = () => {
    void info.refetch();
    void stats.refetch();
    void health.refetch();
  };

  const device = obj(info.data?.device);
  const server = obj(info.data?.server);
  const caps = obj(info.data?.capabilities);
  const features = Array.isArray(caps.supportedFeatures)
    ? caps.supportedFeatures.map(str).filter(Boolean)
    : [];
  const s = stats.data as Record<string, unknown> | undefined;
  const storage = obj(s?.storageUsage);
  const memory = obj(s?.memoryUsage);
  const top = Array.isArray(s?.topWorkflows) ? (s.topWorkflows as unknown[]).map(obj) : [];
  const usage = (u: Record<string, unknown>) =>
    str(u.used)
      ? `${str(u.used)} / ${str(u.total)}${num(u.percentage) !== undefined ? ` (${str(u.percentage)}%)` : ''}`
      : '';
  const yesNo = (v: unknown) => (typeof v === 'boolean' ? (v ? t('yes') : t('no')) : '');

  return (
    <div className="fb-conn-info" data-testid="connection-info">
      <div className="fb-conn-info-bar">
        <span className="fb-spacer" />
        <button
          type="button"
          className="fb-button fb-small"
          onClick={refresh}
          data-testid="connection-info-refresh"
        >
          {t('info.refresh')}
        </button>
      </div>

      <section aria-labelledby="fb-conn-health-h" data-testid="connection-health">
        <h3 id="fb-conn-health-h" className="fb-conn-heading">
          {t('info.health')}
        </h3>
        {health.isError ? (
          <Failed error={health.error} onRetry={() => void health.refetch()} />
        ) : !health.data ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : (
          <Rows
            rows={[
              [t('info.status'), health.data.status],
              [t('info.version'), str(health.data.version)],
              [t('info.uptime'), formatUptime(num(health.data.uptime))],
            ]}
          />
        )}
      </section>

      <section aria-labelledby="fb-conn-system-h" data-testid="connection-system">
        <h3 id="fb-conn-system-h" className="fb-conn-heading">
          {t('info.system')}
        </h3>
        {info.isError ? (
          <Failed error={info.error} onRetry={() => void info.refetch()} />
        ) : !info.data ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : (
          <>
            <Rows
              rows={[
                [t('info.device'), deviceLabel(device)],
                [t('info.manufacturer'), str(device.manufacturer)],
                [t('info.apiLevel'), str(device.apiLevel)],
                [t('info.serverVersion'), str(server.version)],
                [
                  t('info.serverUptime'),
                  num(server.uptime) !== undefined ? formatUptime(num(server.uptime)) : '',
                ],
                [t('info.root'), yesNo(caps.hasRoot)],
                [t('info.shizuku'), yesNo(caps.hasShizuku)],
                [t('info.features'), features.join(', ')],
              ]}
            />
            {(info.data.permissions ?? []).length > 0 && (
              <>
                <h4 className="fb-conn-subheading">{t('info.permissions')}</h4>
                <ul className="fb-conn-perms">
                  {(info.data.permissions ?? []).map((p) => (
                    <li key={p.name}>
                      <span className={p.granted ? 'fb-conn-ok' : 'fb-danger'}>
                        {p.granted ? t('info.granted') : t('info.denied')}
                      </span>{' '}
                      <code>{p.name}</code>
                      {str((p as Record<string, unknown>).description) && (
                        <span className="fb-muted"> — {str((p as Record<string, unknown>).description)}</span>
                      )}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="fb-conn-stats-h" data-testid="connection-stats">
        <div className="fb-conn-info-bar">
          <h3 id="fb-conn-stats-h" className="fb-conn-heading">
            {t('info.stats')}
          </h3>
          <span className="fb-spacer" />
          <label className="fb-inline-label">
            <span>{t('info.period')}</span>
            <select
              className="fb-select"
              value={period}
              onChange={(e) => setPeriod(e.target.value as Period)}
              data-testid="connection-stats-period"
            >
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  {t(`info.periods.${p}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {stats.isError ? (
          <Failed error={stats.error} onRetry={() => void stats.refetch()} />
        ) : !s ? (
          <p aria-busy="true">{t('loading')}</p>
        ) : (
          <>
            <Rows
              testId="connection-stats-rows"
              rows={[
                [t('info.workflows'), str(s.workflowCount)],
                [t('info.enabledWorkflows'), str(s.enabledWorkflowCount)],
                [t('info.folders'), str(s.folderCount)],
                [t('info.executions'), str(s.totalExecutions)],
                [t('info.todayExecutions'), str(s.todayExecutions)],
                [
                  t('info.successRate'),
                  num(s.successRate) !== undefined ? formatPercent(num(s.successRate)) : '',
                ],
                [
                  t('info.averageTime'),
                  num(s.averageExecutionTime) !== undefined
                    ? `${Math.round(num(s.averageExecutionTime) ?? 0)} ms`
                    : '',
                ],
                [t('info.storage'), usage(storage)],
                [t('info.memory'), usage(memory)],
              ]}
            />
            {top.length > 0 && (
              <>
                <h4 className="fb-conn-subheading">{t('info.topWorkflows')}</h4>
                <ol className="fb-conn-top">
                  {top.map((w, i) => (
                    <li key={str(w.workflowId) || i}>
                      {str(w.name) || str(w.workflowId)}{' '}
                      <span className="fb-muted">
                        ({t('info.runs', { count: num(w.executionCount) ?? 0 })})
                      </span>
                    </li>
                  ))}
                </ol>
              </>
            )}
          </>
        )}
      </section>
    </div>
  );
}
