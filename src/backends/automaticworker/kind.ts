/** The kind id and reference dialect, in a file of its own so the descriptor (first load) stays tiny. */
export const AMW_DIALECT = 'automaticworker';
