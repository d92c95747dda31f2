/** Backend connections: saved connections of every kind, the backend switcher, the connections dialog. See README.md. */
export { BackendSwitcher, ConnectionProblem, openConnections } from './BackendSwitcher';
export { ConnectionsDialog } from './ConnectionsDialog';
export { useModuleOutputsSync } from './useModuleOutputsSync';
export { connectionsStore } from './store';
export { adapterForConnection } from './adapters';
