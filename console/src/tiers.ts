import { useQuery } from '@tanstack/react-query';
import { DEFAULT_TIERS, type Tier } from '@/utils/contract';
import { api } from './api';

/** The airline's tier catalogue from `/v1/me` (names and colours are configured on the server). */
export function useTiers(): readonly Tier[] {
  const me = useQuery({ queryKey: ['me'], queryFn: ({ signal }) => api.me(signal), staleTime: 5 * 60_000 });
  return me.data?.tiers ?? DEFAULT_TIERS;
}

export function tierById(tiers: readonly Tier[], id: string): Tier | null {
  return tiers.find((tier) => tier.id === id) ?? null;
}
