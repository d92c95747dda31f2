/**
 * One module's full definition. Catalog lists may be light (vFlow's module list has no inputs), so the
 * inspector asks for the detail and shows the list entry meanwhile.
 */
import { useQuery } from '@tanstack/react-query';
import { useBackend } from '../shell/backend-context';
import type { ModuleDefinition } from '../model/modules';
import { queryKeys } from './keys';

export function useModuleDefinition(id: string | undefined, listEntry: ModuleDefinition | undefined) {
  const backend = useBackend();
  return useQuery({
    queryKey: [...queryKeys.modules(backend.id), 'detail', id ?? ''],
    queryFn: () => backend.getModule(id ?? ''),
    enabled: !!id,
    staleTime: Infinity,
    placeholderData: listEntry,
    retry: false,
  });
}
