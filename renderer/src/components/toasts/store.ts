/** Short notices about the outcome of something the user did, shown until read or after a while. */
import { create } from 'zustand';

export type ToastTone = 'error' | 'info';

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  /** The backend's sentence, when there is one. */
  message?: string;
}

interface ToastState {
  toasts: Toast[];
  dismiss(id: number): void;
}

/** Errors stay longer: they carry a sentence the user may need to act on. */
const LIFETIME_MS: Record<ToastTone, number> = { error: 15_000, info: 5_000 };
const MAX_SHOWN = 5;
let nextId = 1;

export const useToasts = create<ToastState>()((set) => ({
  toasts: [],
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

export function showToast(toast: Omit<Toast, 'id'>): void {
  const id = nextId++;
  useToasts.setState((s) => ({ toasts: [...s.toasts, { ...toast, id }].slice(-MAX_SHOWN) }));
  setTimeout(() => useToasts.getState().dismiss(id), LIFETIME_MS[toast.tone]);
}

/** The sentence to show for anything thrown, without stack traces or `[object Object]`. */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong and Berth did not get an explanation. Try again.';
}
