import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ConsoleSession, SignIn } from '@/utils/contract';
import { api, rememberSession } from './api';

export const SESSION_KEY = ['session'] as const;

/** Who is signed in: null when nobody is (the Console then shows the sign-in page). */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async ({ signal }) => {
      const session = await api.session(signal);
      rememberSession(session);
      return session;
    },
    staleTime: 60_000,
    retry: 1,
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (credentials: SignIn) => api.signIn(credentials),
    onSuccess: (session: ConsoleSession) => {
      rememberSession(session);
      client.setQueryData(SESSION_KEY, session);
    },
  });
}

/** Ends the session on the server and forgets everything the Console had read. */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.signOut(),
    onSuccess: () => {
      rememberSession(null);
      // The session query stays (its observers then see "nobody"); every other answer goes.
      // Clearing the whole cache would orphan the mounted session observer.
      client.setQueryData(SESSION_KEY, null);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
    },
  });
}
