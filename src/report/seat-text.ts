/**
 * How every view writes a user's licence: the tier, and when the user takes no seat, why (`developer · disabled,
 * no seat`, `viewer · embed, no seat`, `standard · looker_support, no seat`). A disabled Developer keeps the tier
 * Looker would give back on re-enabling, but must never read as one of the seats that `summary` counts.
 */
import { noSeatReason } from '../audit/user-facts.js';
import type { Tier, UserKind, UserStatus } from '../vocabulary.js';

export function licenceText(tier: Tier, status: UserStatus, kind: UserKind): string {
  const why = noSeatReason(status, kind);
  return why === null ? tier : `${tier} · ${why}, no seat`;
}
