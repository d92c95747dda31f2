/**
 * Keeps the cached module list of a vFlow connection in step with the outputs its adapter learns (from
 * magic variables and module details), so the variable picker offers `{{step-id.output}}` for every earlier
 * step. vFlow's module list carries no outputs; the inspector reads candidates from that list.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useBackend } from '../../app/backend-context';
import type { ModuleDefinition } from '../../model/modules';
import { queryKeys } from '../../queries/keys';
import { isConnectionAdapter } from './adapters';

export function useModuleOutputsSync(): void {
  const backend = useBackend();
  const client = useQueryClient();
  useEffect(() => {
    if (!isConnectionAdapter(backend)) return;
    const apply = () => {
      const learned = backend.moduleOutputs();
      client.setQueryData<ModuleDefinition[]>(queryKeys.modules(backend.id), (list) => {
        if (!list) return list;
        let changed = false;
        const next = list.map((m) => {
          const o = learned.get(m.id);
          if (!o || JSON.stringify(o) === JSON.stringify(m.outputs)) return m;
          changed = true;
          return { ...m, outputs: o };
        });
        return changed ? next : list;
      });
    };
    apply();
    return backend.onModuleOutputs(apply);
  }, [backend, client]);
}
