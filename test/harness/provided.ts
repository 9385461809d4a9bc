// Types what global-setup.ts provides to test workers (vitest's inject()).
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    engineSocket: string;
  }
}
