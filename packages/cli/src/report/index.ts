export type { ReportData, ReportStudy, ReportTrial, ReportMetaRun, AdaptationExample } from './model';
export { renderReport } from './html';
export { parameterImportance } from './importance';
