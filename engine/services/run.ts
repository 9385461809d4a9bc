/** The Run dialog's part of the contract, on the active engine. */
import type { runMethods } from '../contract/run';
import { checkRun } from '../docker/run-checks';
import { createAndStart, readRunFile, recreate, runChoices, runTemplate } from '../docker/run';
import type { EngineAccess, MethodHandlersFor } from './engine-access';

export function runHandlers(engine: EngineAccess): MethodHandlersFor<typeof runMethods> {
  return {
    'run.check': ({ spec, replacing }) => engine.engineCall((d) => checkRun(d, spec, replacing)),
    'run.create': ({ spec, start }) => engine.engineCall((d) => createAndStart(d, spec, start ?? true)),
    'run.recreate': ({ id, spec }) => engine.engineCall((d) => recreate(d, id, spec)),
    'run.choices': ({ of }) => engine.engineCall((d) => runChoices(d, of)),
    'run.template': ({ id }) => engine.engineCall((d) => runTemplate(d, id)),
    'run.readFile': ({ path }) => readRunFile(path),
  };
}
