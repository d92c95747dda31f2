/** A connection's facts (health, system, statistics...), as its kind's descriptor describes them. */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InfoSection } from '../../backends/descriptor';
import { requireDescriptor } from '../../backends/kinds';
import type { BackendAdapter } from '../../backends/types';
import { errorText } from './describe';
import { useConnectionAdapter } from './hooks';
import type { SavedConnection } from './model';
import { useDescriptorText, type TextOf } from './texts';

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
  return <InfoBody adapter={adapter} kind={connection.kind} />;
}

function InfoBody({ adapter, kind }: { adapter: BackendAdapter; kind: string }) {
  const { t } = useTranslation('connections');
  const text = useDescriptorText(kind);
  const descriptor = requireDescriptor(kind);
  const [params, setParams] = useState<Record<string, string>>({});
  const info = useQuery({
    queryKey: ['connection-info', adapter.id, params],
    queryFn: () => descriptor.describe?.(adapter, params) ?? Promise.resolve([]),
    retry: false,
    staleTime: 0,
    gcTime: 30_000,
    placeholderData: (previous) => previous,
  });

  return (
    <div className="fb-conn-info" data-testid="connection-info">
      <div className="fb-conn-info-bar">
        <span className="fb-spacer" />
        <button
          type="button"
          className="fb-button fb-small"
          onClick={() => void info.refetch()}
          data-testid="connection-info-refresh"
        >
          {t('info.refresh')}
        </button>
      </div>
      {info.isError ? (
        <Failed error={info.error} onRetry={() => void info.refetch()} />
      ) : !info.data ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : info.data.length === 0 ? (
        <p className="fb-muted">{t('info.nothing')}</p>
      ) : (
        info.data.map((s, i) => (
          <Section
            key={s.id ?? i}
            section={s}
            text={text}
            params={params}
            onParam={(k, v) => setParams((p) => ({ ...p, [k]: v }))}
            onRetry={() => void info.refetch()}
            sectionId={`fb-conn-${adapter.id.replace(/\W/g, '_')}-${s.id ?? i}`}
          />
        ))
      )}
    </div>
  );
}

function Section({
  section: s,
  text,
  params,
  onParam,
  onRetry,
  sectionId,
}: {
  section: InfoSection;
  text: TextOf;
  params: Record<string, string>;
  onParam(param: string, value: string): void;
  onRetry(): void;
  sectionId: string;
}) {
  const headingId = `${sectionId}-h`;
  const testId = s.id ? `connection-${s.id}` : undefined;
  const choice = s.choice;
  return (
    <section aria-labelledby={headingId} data-testid={testId}>
      <div className="fb-conn-info-bar">
        <h3 id={headingId} className="fb-conn-heading">
          {text(s.title)}
        </h3>
        <span className="fb-spacer" />
        {choice && (
          <label className="fb-inline-label">
            <span>{text(choice.label)}</span>
            <select
              className="fb-select"
              value={params[choice.param] ?? choice.options[0]?.value ?? ''}
              onChange={(e) => onParam(choice.param, e.target.value)}
              data-testid={`connection-${s.id ?? 'section'}-${choice.param}`}
            >
              {choice.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {text(o.label)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {s.error !== undefined ? (
        <Failed error={s.error} onRetry={onRetry} />
      ) : (
        <dl className="fb-conn-facts" data-testid={testId ? `${testId}-rows` : undefined}>
          {s.rows.map((r, i) => (
            <div key={i} className="fb-conn-fact">
              <dt>{text(r.label)}</dt>
              <dd className={r.tone === 'ok' ? 'fb-conn-ok' : r.tone === 'bad' ? 'fb-danger' : undefined}>
                {text(r.value)}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
