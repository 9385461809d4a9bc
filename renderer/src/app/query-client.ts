import { QueryClient } from '@tanstack/react-query';

/**
 * Server state is pushed, not polled: the `app.updates` stream invalidates what changed, so cached data
 * stays fresh until then. Errors from the backend are sentences about the engine's state (stopped,
 * unreachable); retrying would only delay showing them, and the stream says when to try again.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: Infinity,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      retry: false,
    },
    mutations: { retry: false },
  },
});
