/** An engine other Berth windows use is stopped only when the user agreed to stop it for them too. */
import { UserError } from '../contract/errors';

export function refuseUnconfirmedStop(others: number, othersConfirmed: boolean | undefined, page = 'the Engines page'): void {
  if (others === 0 || othersConfirmed) return;
  const users = others === 1 ? 'Another Berth window uses' : `${others} other Berth windows use`;
  throw new UserError(
    `${users} this engine. Stopping it stops their containers too: stop it from ${page}, which asks you to confirm that.`,
    'conflict',
  );
}
