/** Types for signing.mjs, which electron-builder loads as plain JavaScript. */
export declare function signingPlan(platform: string, env: Record<string, string | undefined>, host?: string): { notes: string[]; error?: string };
