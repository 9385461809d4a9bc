/**
 * The engine answers pull, push, build and load with a stream of JSON objects, one per line. This reads
 * them as they come and turns an error line (`{"error": …, "errorDetail": {…}}`) into a thrown engine
 * error, so a failure mid-stream reads like any other failed engine call.
 */

export interface EngineLine {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  stream?: string;
  aux?: Record<string, unknown>;
  error?: string;
  errorDetail?: { message?: string; code?: number };
}

/** What an error line throws: shaped like a dockerode error, so engine-errors.ts rewrites it the same way. */
export class EngineStreamError extends Error {
  readonly statusCode = 500;
  readonly json: { message: string };
  constructor(message: string) {
    super(message);
    this.json = { message };
  }
}

export async function* jsonLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<EngineLine> {
  let buffered = '';
  const parse = (line: string): EngineLine | undefined => {
    if (!line.trim()) return undefined;
    let value: EngineLine;
    try {
      value = JSON.parse(line) as EngineLine;
    } catch {
      // Not every engine is strict about framing; a line we cannot read tells the user nothing.
      return undefined;
    }
    const failure = value.errorDetail?.message ?? value.error;
    if (failure) throw new EngineStreamError(failure);
    return value;
  };
  for await (const chunk of stream) {
    buffered += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = parse(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      if (line) yield line;
    }
  }
  const last = parse(buffered);
  if (last) yield last;
}
