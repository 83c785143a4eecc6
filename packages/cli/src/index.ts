/**
 * @metatune/cli: the `metatune` command (tune, meta-train, worker, report, doctor, demo) and its
 * building blocks for programmatic use.
 *
 * @packageDocumentation
 */
export { main } from './main';
export { EXIT } from './exit-codes';
export { renderReport, parameterImportance, type ReportData, type ReportStudy, type ReportTrial, type ReportMetaRun, type AdaptationExample } from './report';
export { runTune, loadTuneConfig, type TuneOutcome, type TuneRunOptions, CLI_DEFAULT_STORAGE } from './commands/tune';
export { runMetaTrain, type MetaTrainOutcome, type MetaTrainRunOptions } from './commands/meta-train';
export {
  tuneConfigSchema,
  metaTrainConfigSchema,
  type TuneConfig,
  type MetaTrainConfig,
  type TuneConfigInput,
  type MetaTrainConfigInput,
  type ObjectiveFunction,
} from './config/schema';
export { defineTuneConfig, defineMetaTrainConfig } from './config/define';
export { ConfigError } from './config/load';
export { EventWriter, chooseMode, type CliEvent, type OutputMode } from './output/events';
export { loadPlugins, loadPluginPackage, FIRST_PARTY_PACKAGES } from './plugins';
