/** Sizes and CPU counts as the docker CLI writes them (`512m`, `1.5g`, `--cpus 0.5`). */

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `512m` → 536870912; undefined when it is not a size. Units are powers of 1024, as docker reads them. */
export function parseMemory(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const bytes = Math.round(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** 536870912 → `512m`: the largest unit that divides it exactly, so it reads back the same. */
export function formatMemory(bytes: number): string {
  for (const [unit, size] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** `1.5` → 1_500_000_000 (the engine's NanoCpus); undefined when it is not a positive number. */
export function parseCpus(text: string): number | undefined {
  if (!/^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text)) return undefined;
  const nano = Math.round(Number(text) * 1e9);
  return nano > 0 ? nano : undefined;
}

export function formatCpus(nanoCpus: number): string {
  return String(Math.round(nanoCpus / 1e6) / 1e3);
}
