import { parseArgs } from 'node:util';
import { MetatuneError } from '@metatune/core';
import { ConfigError } from './config/load';
import { demoCommand } from './commands/demo';
import { doctorCommand } from './commands/doctor';
import { metaTrainCommand } from './commands/meta-train';
import { reportCommand } from './commands/report';
import { tuneCommand } from './commands/tune';
import { workerCommand } from './commands/worker';
import { EXIT } from './exit-codes';
import { EventWriter, chooseMode } from './output/events';
import { cliVersion } from './plugins';
import { USAGE } from './usage';

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  backend: { type: 'string' },
  resume: { type: 'boolean' },
  storage: { type: 'string' },
  study: { type: 'string', multiple: true },
  runs: { type: 'string', multiple: true },
  out: { type: 'string' },
  dir: { type: 'string' },
  config: { type: 'string' },
  objective: { type: 'string' },
  task: { type: 'string' },
  sampler: { type: 'string' },
  trials: { type: 'string' },
  quick: { type: 'boolean' },
} as const;

/**
 * Ctrl-C handling: the first SIGINT stops starting new work (running trials finish and are
 * stored, so the next run resumes); a second one exits at once.
 */
function interruptSignal(writer: EventWriter): AbortSignal {
  const controller = new AbortController();
  let count = 0;
  process.on('SIGINT', () => {
    count++;
    if (count === 1) {
      writer.emit({ type: 'warning', message: 'interrupted: finishing running trials (Ctrl-C again to quit now)' });
      controller.abort();
    } else process.exit(130);
  });
  process.on('SIGTERM', () => controller.abort());
  return controller.signal;
}

/** Runs the `metatune` command with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`metatune: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${await cliVersion()}\n`);
    return EXIT.OK;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? EXIT.OK : EXIT.USAGE;
  }
  const writer = new EventWriter(process.stdout, chooseMode(values.json ?? false, process.stdout));
  const signal = interruptSignal(writer);
  const trials = values.trials === undefined ? undefined : Number(values.trials);
  try {
    if (trials !== undefined && !(Number.isInteger(trials) && trials > 0)) throw new ConfigError(`--trials must be a positive integer, got ${values.trials}`);
    switch (command) {
      case 'tune':
        if (rest.length !== 1) throw new ConfigError('tune needs exactly one config file', 'metatune tune study.yaml');
        return await tuneCommand(rest[0], { writer, signal, backend: values.backend, trials });
      case 'meta-train':
        if (rest.length !== 1) throw new ConfigError('meta-train needs exactly one config file', 'metatune meta-train run.yaml');
        return await metaTrainCommand(rest[0], { writer, signal, backend: values.backend, resume: values.resume });
      case 'worker':
        return await workerCommand({ config: values.config ?? rest[0], storage: values.storage, study: values.study?.[0], objective: values.objective, task: values.task, sampler: values.sampler, trials }, { writer, signal, backend: values.backend });
      case 'report': {
        if (!values.storage) throw new ConfigError('report needs --storage <url>', 'metatune report --storage sqlite:./metatune.db');
        const out = await reportCommand({ storage: values.storage, studies: values.study ?? [], runs: values.runs ?? [], out: values.out ?? 'metatune-report' });
        writer.emit({ type: 'info', message: `report written to ${out}/index.html` });
        return EXIT.OK;
      }
      case 'doctor':
        return await doctorCommand({ storage: values.storage, writer });
      case 'demo':
        return await demoCommand({ dir: values.dir ?? 'metatune-demo', writer, signal, backend: values.backend, quick: values.quick ?? false });
      default:
        throw new ConfigError(`unknown command "${command}"`, 'commands: tune, meta-train, worker, report, doctor, demo');
    }
  } catch (error) {
    writer.close();
    if (error instanceof ConfigError || (error instanceof MetatuneError && ['INVALID_OPTIONS', 'UNKNOWN_PLUGIN', 'INVALID_SPACE', 'STUDY_CONFLICT', 'UNKNOWN_BACKEND'].includes(error.code))) {
      process.stderr.write(`metatune: ${error.message}\n`);
      return EXIT.USAGE;
    }
    process.stderr.write(`metatune: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.FAILED;
  } finally {
    writer.close();
  }
}
