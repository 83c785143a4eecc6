import { openStorage, redactUrl } from '@metatune/study';
import type { EventWriter } from '../output/events';

/** `metatune doctor`: backends, versions, SIMD/threads, and whether the storage answers. */
export async function doctorCommand(options: { storage?: string; writer: EventWriter }): Promise<number> {
  const backends = await import('@metatune/backends');
  const report = await backends.doctor();
  let storageLine: string | undefined;
  let ok = true;
  if (options.storage) {
    const started = Date.now();
    try {
      const storage = await openStorage(options.storage);
      const studies = await storage.listStudies();
      await storage.close();
      storageLine = `storage ${redactUrl(options.storage)}: reachable, ${studies.length} stud${studies.length === 1 ? 'y' : 'ies'} (${Date.now() - started} ms)`;
    } catch (error) {
      ok = false;
      storageLine = `storage ${redactUrl(options.storage)}: NOT reachable: ${(error as Error).message}`;
    }
  }
  if (options.writer.mode === 'json') options.writer.emit({ type: 'result', doctor: report as unknown as Record<string, unknown>, storage: storageLine });
  else {
    process.stdout.write(`${backends.formatDoctorReport(report)}\n`);
    if (storageLine) process.stdout.write(`${storageLine}\n`);
  }
  return ok ? 0 : 1;
}
