/** Backend connections: saved vFlow connections, the backend switcher, the connections dialog. See README.md. */
export { BackendSwitcher, ConnectionProblem, openConnections } from './BackendSwitcher';
export { ConnectionsDialog } from './ConnectionsDialog';
export { runsStoredFlow } from './run-stored';
export { useModuleOutputsSync } from './useModuleOutputsSync';
export { connectionsStore } from './store';
