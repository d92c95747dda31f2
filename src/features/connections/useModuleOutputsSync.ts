/**
 * Keeps the cached module list in step with what the active adapter learns after the list was first read
 * (some backends' module lists carry no outputs; they learn them when a flow or a module detail is read):
 * the adapter's `onModulesChanged` makes the list be read again, so the reference picker offers every
 * earlier step's outputs.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useBackend } from '../../shell/backend-context';
import { queryKeys } from '../../queries/keys';

export function useModuleOutputsSync(): void {
  const backend = useBackend();
  const client = useQueryClient();
  useEffect(() => {
    if (!backend.onModulesChanged) return;
    return backend.onModulesChanged(() => {
      void client.invalidateQueries({ queryKey: queryKeys.modules(backend.id), exact: true });
    });
  }, [backend, client]);
}
