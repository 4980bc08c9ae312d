/** Starts every line the suite reports, so a launcher can pick them out of the workbench's console. */
export const SUITE_MARKER = '[explain-suite] ';
