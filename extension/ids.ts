/**
 * Every identifier the manifest (package.json) and the code must agree on, in one place, so a rename is one
 * edit here plus the manifest; the extension-host suite checks the two against each other.
 */
export const EXTENSION_ID = 'explain-dev.explain-prediction';

/** The settings section: `explain.model`, `explain.method`, ... */
export const CONFIG_SECTION = 'explain';

export const Commands = {
  explain: 'explain.explainPrediction',
  explainSample: 'explain.explainSample',
  switchMethod: 'explain.switchMethod',
  selectModel: 'explain.selectModel',
  chooseTarget: 'explain.chooseTarget',
  compareMethods: 'explain.compareMethods',
  cancel: 'explain.cancel',
  showOutput: 'explain.showOutput',
  exportModel: 'explain.exportExplainedModel',
  explainFolder: 'explain.explainFolder',
  writeDatasetReport: 'explain.writeDatasetReport',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** Context keys for `when` clauses, so commands only show where they can work. */
export const ContextKeys = {
  /** An explanation is shown in the panel, so there is a result to re-run, re-target or compare. */
  hasResult: 'explain.hasResult',
  /** A computation is running, so Cancel makes sense. */
  running: 'explain.running',
} as const;

export const PANEL_VIEW_TYPE = 'explain.explanation';

/** The Dataset view of an explained folder. */
export const DATASET_VIEW_TYPE = 'explain.dataset';

/** The built-in image preview (custom editor) whose title bar and context menu carry our command. */
export const IMAGE_PREVIEW_VIEW_TYPE = 'imagePreview.previewEditor';

/** Image extensions the decoder can read; the manifest's `when` clauses repeat this list. */
export { IMAGE_EXTENSIONS } from '../src/preprocess/imageTypes';
/** The model inspector: the custom editor `.onnx` files open in (the manifest's customEditors). */
export const INSPECTOR_VIEW_TYPE = 'explain.modelInspector';
