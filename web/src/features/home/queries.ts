/** Server-only data of the home page: the `health` edge function (database time, caller identity). */
import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { AppError } from '@shared/errors/app-error.ts';
import { invokeFunction } from '@web/lib/supabase/index.ts';

/** What edge-functions/health answers (HealthBody). */
export const healthSchema = z.object({
  status: z.literal('ok'),
  database_time: z.string(),
  user_id: z.string().nullable(),
  role: z.string(),
  aal: z.string().nullable(),
});

export type Health = z.infer<typeof healthSchema>;

/**
 * Keyed by user: a different user never sees the previous one's answer. Runs only once the
 * session is confirmed: an unconfirmed one (stored, not yet refreshed) has no usable token.
 */
export function healthQuery(userId: string, isSessionConfirmed: boolean) {
  return queryOptions({
    queryKey: ['health', userId],
    enabled: isSessionConfirmed,
    queryFn: async ({ signal }): Promise<Health> => {
      const data = await invokeFunction('health', { method: 'GET', signal });
      const parsed = healthSchema.safeParse(data);
      if (!parsed.success)
        throw new AppError('INTERNAL', 'health answered an unexpected body', { cause: parsed.error });
      return parsed.data;
    },
    staleTime: 30_000,
  });
}
