/**
 * A step's own typed ports (a Langflow component's inputs and outputs), listed in the inspector beside its
 * settings and code, so what the code reads and returns is in view. Only for ports that carry types: an
 * untyped port list (a Node-RED node's "0", "1") says nothing the canvas does not.
 */
import { useTranslation } from 'react-i18next';
import type { PortDefinition, StepPorts as Ports } from '../../model/flow';

function PortList({ ports, language }: { ports: readonly PortDefinition[]; language: 'en' | 'zh' }) {
  return (
    <ul className="fb-step-ports__list">
      {ports.map((p) => (
        <li key={p.id} data-port={p.id}>
          <span>{p.label ? (language === 'en' ? (p.label.en ?? p.label.text) : p.label.text) : p.id}</span>
          {p.types && p.types.length > 0 && <code className="fb-step-ports__types">{p.types.join(' | ')}</code>}
        </li>
      ))}
    </ul>
  );
}

/** `open`: shown unfolded (a step with code: what it reads and returns sits beside the editor). */
export function StepPortsSummary({ ports, open = false }: { ports: Ports | undefined; open?: boolean }) {
  const { t, i18n } = useTranslation('inspector');
  const language = i18n.language === 'zh' ? 'zh' : 'en';
  if (!ports || ![...ports.inputs, ...ports.outputs].some((p) => p.types && p.types.length > 0)) return null;
  return (
    <details className="fb-step-ports" data-testid="step-ports" open={open}>
      <summary>{t('ports.title')}</summary>
      {ports.inputs.length > 0 && (
        <>
          <h4 className="fb-step-ports__heading">{t('ports.inputs')}</h4>
          <PortList ports={ports.inputs} language={language} />
        </>
      )}
      {ports.outputs.length > 0 && (
        <>
          <h4 className="fb-step-ports__heading">{t('ports.outputs')}</h4>
          <PortList ports={ports.outputs} language={language} />
        </>
      )}
    </details>
  );
}
