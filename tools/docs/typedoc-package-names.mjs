// @ts-check
/**
 * A local typedoc plugin: with entryPointStrategy 'resolve', typedoc names each module by its path
 * ("backends/src"); this renames them to their package names ("@metatune/backends").
 */
import { Converter } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.children ?? []) {
      const m = /^(?:packages\/)?([a-z0-9-]+)\/src(?:\/index)?$/.exec(mod.name);
      if (m) mod.name = `@metatune/${m[1]}`;
    }
  });
}
